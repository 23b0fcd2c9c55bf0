import { conclusionParagraphs, type ConclusionInput } from "../discussion/conclusion";
import { FONT } from "./fonts";
import { BODY_SIZE, INDENT, contentWidth, centredHeading, createDocument, drawHeader, drawRecipients, drawSignatureBlocks, ensureSpace, finishPages, paragraph, toBuffer } from "./layout";

/**
 * The conclusion notice (thông báo kết luận) in the layout of Decree 30: heading blocks with the number,
 * "THÔNG BÁO" and its subject, the conclusions drafted from the record, the signature block and Nơi
 * nhận; "DỰ THẢO" until the minutes are final.
 */
export async function renderConclusionPdf(input: ConclusionInput): Promise<Buffer> {
  const doc = createDocument("THÔNG BÁO KẾT LUẬN");
  drawHeader(doc, input.header);
  centredHeading(doc, "THÔNG BÁO", 14);
  centredHeading(doc, `Kết luận của ${input.conference.title}`, 13);
  doc.y += 12;
  for (const block of conclusionParagraphs(input)) {
    if (block.heading) {
      ensureSpace(doc, 50);
      paragraph(doc, block.heading, { font: FONT.bold, gap: 2 });
    }
    for (const line of block.text) paragraph(doc, line);
    if (block.mono) {
      ensureSpace(doc, 30);
      doc.font(FONT.regular).fontSize(BODY_SIZE).text(block.mono.label, doc.page.margins.left + INDENT, doc.y, { width: contentWidth(doc) - INDENT });
      doc.font(FONT.mono).fontSize(9).text(block.mono.value, doc.page.margins.left + INDENT, doc.y + 1, { width: contentWidth(doc) - INDENT });
      doc.y += 4;
    }
  }
  doc.y += 10;
  ensureSpace(doc, 160);
  const top = doc.y;
  drawSignatureBlocks(doc, [{ lines: [] }, { lines: input.signer }]);
  const after = doc.y;
  doc.y = top;
  drawRecipients(doc, input.recipients);
  doc.y = Math.max(doc.y, after);
  finishPages(doc, { draft: input.draft, pageNumbers: true });
  return toBuffer(doc);
}
