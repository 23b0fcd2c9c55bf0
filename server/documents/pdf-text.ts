import { normalisePledgeLine } from "../../shared/pledge/canonical";
import { sha256Hex } from "../../shared/util/hash";
import { CANONICAL_TAG } from "../pdf/layout";

/** What the printed words of a PDF say: its canonical lines and their hash, and every page's text. */
export interface PdfText {
  /** Lines read from inside the canonical-text marks, in page order, normalised as canonical.ts does. */
  lines: string[];
  /** sha256 of lines.join("\n"); null when the file has no canonical text (not a pledge PDF of ours). */
  textHash: string | null;
  pages: number;
}

/** Pages read at most: a pledge is a few pages; a huge upload is not a pledge. */
const MAX_PAGES = 60;

/**
 * Reads the text of a PDF with pdf.js, on the server: the runs inside each canonical-text mark make one
 * line (a wrapped line's pieces joined by one space), then the canonical text is rebuilt and hashed
 * exactly as shared/pledge/canonical.ts does for the frozen draft. Throws when the file is not a PDF.
 */
export async function readPdfText(pdf: Uint8Array): Promise<PdfText> {
  // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy.
  const data = new Uint8Array(pdf);
  const doc = await (await pdfjs()).getDocument({ data, useSystemFonts: false, isEvalSupported: false, verbosity: 0, stopAtErrors: false }).promise;
  try {
    const marks: Array<{ id: string; text: string }> = [];
    const pages = Math.min(doc.numPages, MAX_PAGES);
    for (let n = 1; n <= pages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent({ includeMarkedContent: true });
      // Depth of marks open inside the current canonical mark (0 = outside any canonical mark).
      let depth = 0;
      let current: { id: string; text: string } = { id: "", text: "" };
      for (const item of content.items) {
        if ("type" in item) {
          if (item.type === "beginMarkedContent" || item.type === "beginMarkedContentProps") {
            if (depth > 0) depth++;
            else if ((item as { tag?: string }).tag === CANONICAL_TAG) {
              depth = 1;
              current = { id: /_mc(\d+)$/.exec(item.id ?? "")?.[1] ?? `unnumbered-${marks.length}`, text: "" };
            }
          } else if (item.type === "endMarkedContent" && depth > 0) {
            depth--;
            if (depth === 0) marks.push(current);
          }
          continue;
        }
        if (depth === 0) continue;
        current.text += item.str;
        if (item.hasEOL) current.text += " ";
      }
    }
    // A line broken across two pages is two marks with the same number (pdfkit closes the mark at the
    // page foot and reopens it on the next page): consecutive marks with one number are one line.
    const lines: string[] = [];
    marks.forEach((m, i) => {
      if (i > 0 && marks[i - 1]!.id === m.id) lines[lines.length - 1] += ` ${m.text}`;
      else lines.push(m.text);
    });
    const normalised = lines.map(normalisePledgeLine).filter((l) => l !== "");
    return {
      lines: normalised,
      textHash: normalised.length === 0 ? null : sha256Hex(normalised.join("\n")),
      pages: doc.numPages,
    };
  } finally {
    await doc.destroy();
  }
}

/** pdf.js (~50 MB resident) is loaded on the first PDF read, not at start-up. */
const pdfjs = () => import("pdfjs-dist/legacy/build/pdf.mjs");
