import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

/**
 * The text of each page of a PDF, in content order. Items on one line are concatenated; a line
 * break becomes one space, so a name wrapped over two lines (a unit name in the signature grid)
 * still reads as the phrase it is. Text is returned as extracted; callers normalise it.
 */
export async function pdfPageTexts(pdf: Buffer | Uint8Array): Promise<string[]> {
  // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy.
  const data = new Uint8Array(pdf);
  const doc = await getDocument({ data, useSystemFonts: false, isEvalSupported: false, verbosity: 0 })
    .promise;
  try {
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      let text = "";
      for (const item of content.items) {
        if (!("str" in item)) continue;
        text += item.str;
        if (item.hasEOL && text !== "" && !text.endsWith(" ")) text += " ";
      }
      pages.push(text.trim());
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

/**
 * The text items printed in each page's top margin (baseline within `marginPt` of the top edge), in
 * content order, blank items left out: where Decree 30 puts the page number.
 */
export async function pdfTopMarginTexts(pdf: Buffer | Uint8Array, marginPt: number): Promise<string[][]> {
  const data = new Uint8Array(pdf);
  const doc = await getDocument({ data, useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  try {
    const pages: string[][] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const top = page.view[3]!;
      const content = await page.getTextContent();
      const items: string[] = [];
      for (const item of content.items) {
        if (!("str" in item) || item.str.trim() === "") continue;
        if (item.transform[5]! > top - marginPt) items.push(item.str.trim());
      }
      pages.push(items);
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}
