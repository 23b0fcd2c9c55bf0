import { FONT } from "./fonts";
import { contentWidth, pageBottom, type Doc } from "./layout";

export interface TableColumn {
  header: string;
  /** Relative width of a wrapping column; such columns share what the unbroken columns leave. */
  weight: number;
  align?: "left" | "center" | "right";
  /**
   * Cells are never broken (scores, ranks): the column is as wide as its widest cell or header line,
   * so "440,0" can never come out as "440," over "0".
   */
  nowrap?: boolean;
}

export interface TableOptions {
  size?: number;
  /** Smallest font size the table shrinks to when its unbroken columns do not fit. */
  minSize?: number;
  /** Rows whose index is listed are printed bold (e.g. the leading unit). */
  boldRows?: number[];
}

const PAD_X = 3;
const PAD_Y = 3;
/** Share of the width the wrapping columns keep at least (the unit names). */
const MIN_WRAP_SHARE = 0.22;

/**
 * Column widths: each unbroken column measured from its content (bold and regular, header lines),
 * the rest shared by weight among the wrapping columns. Shrinks the font until the wrapping columns
 * keep a readable share, and returns the size used.
 */
/**
 * The widest line of a cell as pdfkit's line wrapper sees it: a line followed by a line break is
 * measured with the break character, which has a width in the embedded font — measured without it,
 * "III\n(10)" in a column as wide as "(10)" wraps "III" onto an empty line of its own.
 */
function widestLine(doc: Doc, text: string): number {
  const lines = text.split("\n");
  return Math.max(...lines.map((line, k) => doc.widthOfString(k < lines.length - 1 ? `${line}\n` : line)));
}

export function tableLayout(doc: Doc, columns: TableColumn[], rows: string[][], width: number, size: number, minSize: number): { size: number; widths: number[] } {
  const widest = (text: string) => widestLine(doc, text);
  for (;;) {
    const need = columns.map((c, i) => {
      if (!c.nowrap) return 0;
      doc.fontSize(size);
      const cells = rows.map((r) => r[i] ?? "");
      doc.font(FONT.bold);
      const bold = Math.max(0, ...cells.map(widest), widest(c.header));
      doc.font(FONT.regular);
      const regular = Math.max(0, ...cells.map(widest));
      // One point of slack: pdfkit wraps a string whose width equals the box width after rounding.
      return Math.max(bold, regular) + 2 * PAD_X + 1;
    });
    const fixed = need.reduce((a, b) => a + b, 0);
    const rest = width - fixed;
    const wrapWeight = columns.reduce((s, c) => s + (c.nowrap ? 0 : c.weight), 0);
    if ((rest >= width * MIN_WRAP_SHARE || wrapWeight === 0) && rest >= 0) {
      // Left-over width goes to the wrapping columns; a table of unbroken columns only spreads it evenly.
      const widths = columns.map((c, i) =>
        wrapWeight === 0 ? need[i]! + rest / columns.length : c.nowrap ? need[i]! : (c.weight / wrapWeight) * rest,
      );
      return { size, widths };
    }
    if (size <= minSize) {
      // Still too wide at the smallest size: keep the unbroken columns whole and squeeze the names.
      const widths = columns.map((c, i) => (c.nowrap ? need[i]! : (c.weight / wrapWeight) * Math.max(rest, width * 0.12)));
      return { size, widths };
    }
    size -= 0.5;
  }
}

/**
 * A ruled table across the text width. Cells wrap unless their column is unbroken; a row never
 * splits across pages and the header row is repeated at the top of each new page.
 */
export function drawTable(doc: Doc, columns: TableColumn[], rows: string[][], options: TableOptions = {}): void {
  const left = doc.page.margins.left;
  const tableWidth = contentWidth(doc);
  const { size, widths } = tableLayout(doc, columns, rows, tableWidth, options.size ?? 10, options.minSize ?? 8);
  const xs = widths.map((_, i) => left + widths.slice(0, i).reduce((s, w) => s + w, 0));
  const right = left + widths.reduce((a, b) => a + b, 0);

  const rowHeight = (cells: string[], font: string) => {
    doc.font(font).fontSize(size);
    const heights = cells.map((text, i) => doc.heightOfString(text, { width: widths[i]! - 2 * PAD_X }));
    return Math.max(...heights) + 2 * PAD_Y;
  };

  const drawRow = (cells: string[], font: string, shaded: boolean) => {
    const height = rowHeight(cells, font);
    const top = doc.y;
    if (shaded) doc.save().rect(left, top, right - left, height).fill("#eeeeee").restore();
    doc.font(font).fontSize(size).fillColor("black");
    cells.forEach((text, i) => {
      const w = widths[i]! - 2 * PAD_X;
      // Vertically centred, as in the usual Word tables of such minutes.
      const textHeight = doc.heightOfString(text, { width: w });
      doc.text(text, xs[i]! + PAD_X, top + (height - textHeight) / 2, { width: w, align: columns[i]!.align ?? "left" });
    });
    doc.save().lineWidth(0.5);
    for (const x of [...xs, right]) doc.moveTo(x, top).lineTo(x, top + height);
    doc.moveTo(left, top).lineTo(right, top);
    doc.moveTo(left, top + height).lineTo(right, top + height);
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
