import { FONT } from "./fonts";
import { contentWidth, pageBottom, type Doc } from "./layout";

export interface TableColumn {
  header: string;
  /** Relative width; columns share the table width in proportion. */
  weight: number;
  align?: "left" | "center" | "right";
}

export interface TableOptions {
  size?: number;
  /** Rows whose index is listed are printed bold (e.g. the leading unit). */
  boldRows?: number[];
}

const PAD_X = 3;
const PAD_Y = 3;

/**
 * A ruled table across the text width. Cells wrap; a row never splits across pages and the header
 * row is repeated at the top of each new page.
 */
export function drawTable(
  doc: Doc,
  columns: TableColumn[],
  rows: string[][],
  options: TableOptions = {},
): void {
  const size = options.size ?? 10;
  const left = doc.page.margins.left;
  const total = columns.reduce((s, c) => s + c.weight, 0);
  const widths = columns.map((c) => (c.weight / total) * contentWidth(doc));
  const xs = widths.map((_, i) => left + widths.slice(0, i).reduce((s, w) => s + w, 0));

  const rowHeight = (cells: string[], font: string) => {
    doc.font(font).fontSize(size);
    const heights = cells.map((text, i) => doc.heightOfString(text, { width: widths[i]! - 2 * PAD_X }));
    return Math.max(...heights) + 2 * PAD_Y;
  };

  const drawRow = (cells: string[], font: string, shaded: boolean) => {
    const height = rowHeight(cells, font);
    const top = doc.y;
    if (shaded) doc.save().rect(left, top, contentWidth(doc), height).fill("#eeeeee").restore();
    doc.font(font).fontSize(size).fillColor("black");
    cells.forEach((text, i) => {
      const w = widths[i]! - 2 * PAD_X;
      // Vertically centred, as in the usual Word tables of such minutes.
      const textHeight = doc.heightOfString(text, { width: w });
      doc.text(text, xs[i]! + PAD_X, top + (height - textHeight) / 2, {
        width: w,
        align: columns[i]!.align ?? "left",
      });
    });
    doc.save().lineWidth(0.5);
    for (const x of [...xs, left + contentWidth(doc)]) doc.moveTo(x, top).lineTo(x, top + height);
    doc.moveTo(left, top).lineTo(left + contentWidth(doc), top);
    doc.moveTo(left, top + height).lineTo(left + contentWidth(doc), top + height);
    doc.stroke().restore();
    doc.y = top + height;
  };

  const headers = columns.map((c) => c.header);
  const headerHeight = rowHeight(headers, FONT.bold);
  const firstHeight = rows[0] ? rowHeight(rows[0], FONT.regular) : 0;
  if (doc.y + headerHeight + firstHeight > pageBottom(doc)) doc.addPage();
  drawRow(headers, FONT.bold, true);
  rows.forEach((cells, r) => {
    const font = options.boldRows?.includes(r) ? FONT.bold : FONT.regular;
    if (doc.y + rowHeight(cells, font) > pageBottom(doc)) {
      doc.addPage();
      drawRow(headers, FONT.bold, true);
    }
    drawRow(cells, font, false);
  });
  doc.x = left;
  doc.y += 6;
}
