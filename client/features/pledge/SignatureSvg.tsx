import type { Strokes } from "../../../shared/protocol/pledge";

/** The pad's shape (width : height); strokes are normalised 0..1 on both axes. */
export const PAD_RATIO = 2.5;
const W = 250;
const H = W / PAD_RATIO;

/** A drawn signature as SVG polylines (the same strokes the server stored and hashed). */
export function SignatureSvg({ strokes, className, testId }: { strokes: Strokes; className?: string; testId?: string }) {
  return (
    <svg className={`signature-svg ${className ?? ""}`} viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="xMidYMid meet" data-testid={testId} aria-hidden="true">
      {strokes.map((stroke, i) =>
        stroke.length === 1 ? (
          <circle key={i} cx={stroke[0]![0] * W} cy={stroke[0]![1] * H} r={1.6} />
        ) : (
          <polyline key={i} points={stroke.map(([x, y]) => `${(x * W).toFixed(1)},${(y * H).toFixed(1)}`).join(" ")} />
        ),
      )}
    </svg>
  );
}
