import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Font names registered on every document. Tinos is metric-compatible with Times New Roman (the face
 * Decree 30/2020/NĐ-CP prescribes) and covers the whole Vietnamese repertoire; its four TTFs are
 * vendored in server/pdf/fonts/ (SIL OFL 1.1, licence alongside), so no system path is read at run time.
 */
export const FONT = {
  regular: "Serif",
  bold: "Serif-Bold",
  italic: "Serif-Italic",
  boldItalic: "Serif-BoldItalic",
  /** Hashes: a fixed-width face keeps 64 hex digits readable and countable. */
  mono: "Mono",
} as const;

type FontName = (typeof FONT)[keyof typeof FONT];

const VENDORED = join(dirname(fileURLToPath(import.meta.url)), "fonts");

/** Where each face's file is: the vendored Tinos, and DejaVu Sans Mono from its npm package. */
function fontFiles(): Record<FontName, string> {
  const require = createRequire(import.meta.url);
  const dejavu = join(dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
  return {
    [FONT.regular]: join(VENDORED, "Tinos-Regular.ttf"),
    [FONT.bold]: join(VENDORED, "Tinos-Bold.ttf"),
    [FONT.italic]: join(VENDORED, "Tinos-Italic.ttf"),
    [FONT.boldItalic]: join(VENDORED, "Tinos-BoldItalic.ttf"),
    [FONT.mono]: join(dejavu, "DejaVuSansMono.ttf"),
  };
}

let cache: Map<string, Buffer> | undefined;

/** The font files, read once per process (every PDF embeds a subset of them). */
export function fontBuffers(): Map<string, Buffer> {
  if (cache) return cache;
  cache = new Map(Object.entries(fontFiles()).map(([name, file]) => [name, readFileSync(file)]));
  return cache;
}

export function registerFonts(doc: PDFKit.PDFDocument): void {
  for (const [name, data] of fontBuffers()) doc.registerFont(name, data);
  doc.font(FONT.regular);
}
