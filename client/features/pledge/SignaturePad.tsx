import { useCallback, useEffect, useRef, type PointerEvent } from "react";
import { SIGNATURE_LIMITS, type Strokes } from "../../../shared/protocol/pledge";
import { useT } from "../../i18n";
import { PAD_RATIO } from "./SignatureSvg";

/** Points closer than this (as a share of the pad) to the previous one add nothing a finger can see. */
const MIN_STEP = 0.004;

const clamp = (v: number) => Math.min(1, Math.max(0, v));
const countPoints = (s: Strokes) => s.reduce((n, stroke) => n + stroke.length, 0);

/**
 * A finger (or pen, or mouse) signature pad. Strokes are kept as arrays of [x, y] in 0..1, the form
 * pledge:sign takes, and redrawn from them whenever the canvas is resized.
 */
export function SignaturePad({ strokes, onChange }: { strokes: Strokes; onChange: (s: Strokes) => void }) {
  const t = useT();
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef<Strokes | null>(null);

  const paint = useCallback((all: Strokes) => {
    const c = canvas.current;
    const ctx = c?.getContext("2d");
    if (!c || !ctx) return;
    const ratio = window.devicePixelRatio || 1;
    const w = c.clientWidth;
    const h = c.clientHeight;
    if (c.width !== Math.round(w * ratio)) {
      c.width = Math.round(w * ratio);
      c.height = Math.round(h * ratio);
    }
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, w, h);
    ctx.lineWidth = 2.6;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.strokeStyle = "#0b2a6f";
    for (const stroke of all) {
      ctx.beginPath();
      stroke.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x * w, y * h) : ctx.lineTo(x * w, y * h)));
      if (stroke.length === 1) ctx.lineTo(stroke[0]![0] * w + 0.5, stroke[0]![1] * h);
      ctx.stroke();
    }
  }, []);

  useEffect(() => {
    paint(strokes);
    const onResize = () => paint(drawing.current ?? strokes);
    window.addEventListener("resize", onResize);
    return () => window.removeEventListener("resize", onResize);
  }, [strokes, paint]);

  const point = (e: PointerEvent<HTMLCanvasElement>): [number, number] => {
    const r = e.currentTarget.getBoundingClientRect();
    return [clamp((e.clientX - r.left) / r.width), clamp((e.clientY - r.top) / r.height)];
  };
  const down = (e: PointerEvent<HTMLCanvasElement>) => {
    if (strokes.length >= SIGNATURE_LIMITS.maxStrokes || countPoints(strokes) >= SIGNATURE_LIMITS.maxPoints) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    drawing.current = [...strokes, [point(e)]];
    paint(drawing.current);
  };
  const move = (e: PointerEvent<HTMLCanvasElement>) => {
    const all = drawing.current;
    if (!all) return;
    const stroke = all[all.length - 1]!;
    const [x, y] = point(e);
    const [px, py] = stroke[stroke.length - 1]!;
    if (Math.hypot(x - px, y - py) < MIN_STEP || countPoints(all) >= SIGNATURE_LIMITS.maxPoints) return;
    stroke.push([x, y]);
    paint(all);
  };
  const up = () => {
    const all = drawing.current;
    drawing.current = null;
    if (all) onChange(all);
  };

  return (
    <div className="signature-pad">
      <canvas
        ref={canvas}
        className="signature-canvas"
        style={{ aspectRatio: String(PAD_RATIO) }}
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={up}
        aria-label={t("pledge.padLabel")}
        data-testid="signature-pad"
        data-strokes={strokes.length}
      />
      <p className="signature-line">{t("pledge.padHint")}</p>
      <button type="button" className="btn" onClick={() => onChange([])} disabled={strokes.length === 0} data-testid="signature-clear">
        {t("pledge.clear")}
      </button>
    </div>
  );
}
