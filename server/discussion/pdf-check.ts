import { hasPdfMagic } from "../../shared/discussion/pdf";

/** Why an upload is not a meeting document, or its page count. */
export type PdfCheck = { ok: true; pages: number } | { ok: false; reason: string };

/**
 * Checks that the bytes are a PDF that pdf.js can open (the same library the tablets render with) and
 * counts its pages. A renamed Word file, an HTML page or a truncated PDF fails here, not on a tablet.
 */
export async function checkPdf(bytes: Uint8Array): Promise<PdfCheck> {
  if (!hasPdfMagic(bytes)) return { ok: false, reason: "Tệp không phải PDF (thiếu %PDF-). (The file is not a PDF.)" };
  try {
    // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy.
    const doc = await (await pdfjs()).getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, verbosity: 0, stopAtErrors: true }).promise;
    try {
      if (doc.numPages < 1) return { ok: false, reason: "Tệp PDF không có trang nào. (The PDF has no pages.)" };
      // Reading the first page proves the page tree is usable, not only the header.
      await doc.getPage(1);
      return { ok: true, pages: doc.numPages };
    } finally {
      await doc.destroy();
    }
  } catch {
    return { ok: false, reason: "Không đọc được tệp PDF (hỏng hoặc bị mã hóa). (The PDF could not be read: damaged or encrypted.)" };
  }
}

/** pdf.js (~50 MB resident) is loaded on the first PDF read, not at start-up. */
const pdfjs = () => import("pdfjs-dist/legacy/build/pdf.mjs");
