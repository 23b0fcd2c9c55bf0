import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** Font names registered on every document. DejaVu Serif carries the full Vietnamese repertoire. */
export const FONT = {
  regular: "Serif",
  bold: "Serif-Bold",
  italic: "Serif-Italic",
  boldItalic: "Serif-BoldItalic",
  /** Hashes: a fixed-width face keeps 64 hex digits readable and countable. */
  mono: "Mono",
} as const;

const FILES: Record<(typeof FONT)[keyof typeof FONT], string> = {
  [FONT.regular]: "DejaVuSerif.ttf",
  [FONT.bold]: "DejaVuSerif-Bold.ttf",
  [FONT.italic]: "DejaVuSerif-Italic.ttf",
  [FONT.boldItalic]: "DejaVuSerif-BoldItalic.ttf",
  [FONT.mono]: "DejaVuSansMono.ttf",
};

let cache: Map<string, Buffer> | undefined;

/** The font files, read once per process (every PDF embeds a subset of them). */
function fontBuffers(): Map<string, Buffer> {
  if (cache) return cache;
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
  cache = new Map(Object.entries(FILES).map(([name, file]) => [name, readFileSync(join(dir, file))]));
  return cache;
}

export function registerFonts(doc: PDFKit.PDFDocument): void {
  for (const [name, data] of fontBuffers()) doc.registerFont(name, data);
  doc.font(FONT.regular);
}
