import type { Doc } from "./layout";
import type { StrokePoint } from "./types";

/** Blue-black ink, as signatures on Vietnamese documents are in blue. */
const INK = "#1b2a8a";

/**
 * Draws a finger signature as vector lines inside the box, keeping the pad's proportions:
 * the drawing is scaled to fit and centred, so a wide pad does not come out squashed.
 */
export function drawStrokes(
  doc: Doc,
  strokes: StrokePoint[][],
  box: { x: number; y: number; width: number; height: number },
  padAspect = 3,
): void {
  const usable = strokes.filter((s) => s.length > 0);
  if (usable.length === 0) return;
  const scale = Math.min(box.width / padAspect, box.height);
  const w = scale * padAspect;
  const h = scale;
  const ox = box.x + (box.width - w) / 2;
  const oy = box.y + (box.height - h) / 2;
  const clamp = (v: number) => (Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0);
  const at = ([x, y]: StrokePoint): [number, number] => [ox + clamp(x) * w, oy + clamp(y) * h];

  doc.save().lineWidth(1.1).lineCap("round").lineJoin("round").strokeColor(INK).fillColor(INK);
  for (const stroke of usable) {
    const [x0, y0] = at(stroke[0]!);
    if (stroke.length === 1) {
      doc.circle(x0, y0, 0.7).fill();
      continue;
    }
    doc.moveTo(x0, y0);
    for (const p of stroke.slice(1)) doc.lineTo(...at(p));
    doc.stroke();
  }
  doc.restore();
}
