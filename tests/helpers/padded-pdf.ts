import { PDFDocument, PDFName, StandardFonts } from "pdf-lib";

/**
 * A valid one-page PDF of exactly `size` bytes: the page plus an uncompressed stream of padding that the
 * document catalog points to (so it is a real object of the file, not bytes after %%EOF). The padding's
 * length is adjusted until the saved file has the size asked for (its digits move the offsets a little).
 */
export async function paddedPdf(size: number, label = "Tai lieu lon"): Promise<Buffer> {
  let padding = Math.max(0, size - 2000);
  for (let attempt = 0; attempt < 20; attempt++) {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    doc.addPage([595, 842]).drawText(label, { x: 60, y: 700, size: 24, font });
    const stream = doc.context.stream(new Uint8Array(padding).fill(0x20));
    doc.catalog.set(PDFName.of("ConcordPadding"), doc.context.register(stream));
    const bytes = Buffer.from(await doc.save({ useObjectStreams: false }));
    if (bytes.length === size) return bytes;
    padding += size - bytes.length;
    if (padding < 0) throw new Error(`a PDF of ${size} bytes is too small to pad`);
  }
  throw new Error(`could not make a PDF of exactly ${size} bytes`);
}
