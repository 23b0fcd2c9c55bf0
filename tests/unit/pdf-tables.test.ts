import { describe, expect, it } from "vitest";
import { formatScore, renderMinutesPdf } from "../../server/pdf";
import { grayPage, horizontalRules, pdftotextLayout, thousandPointMinutes, wordBoxes } from "../helpers/documents";

const LONG_CLUSTER = ["ỦY BAN NHÂN DÂN TỈNH THANH HÓA", "CỤM THI ĐUA CÁC CƠ QUAN THAM MƯU, GIÚP VIỆC CỦA ỦY BAN NHÂN DÂN TỈNH SỐ 8"];

describe("minutes tables on a 1,000-point scale", () => {
  it("print every score whole (pdftotext -layout): no '440,' above '0'", async () => {
    const input = thousandPointMinutes();
    const text = pdftotextLayout(await renderMinutesPdf(input)).join("\n");
    const tokens = new Set(text.split(/\s+/));
    for (const row of input.scores.rows) {
      for (const v of [...Object.values(row.groups), row.bonus, row.deduction, row.total]) expect(tokens, `${row.unitName}: ${formatScore(v)}`).toContain(formatScore(v));
      // The unit's line carries its total and its rank side by side.
      expect(text).toMatch(new RegExp(`${formatScore(row.total)}\\s+${row.rank}\\b`));
    }
    // A score broken after its comma would leave a token ending in "," (and a lone digit under it).
    const table = text.slice(text.indexOf("STT"), text.indexOf("Ghi chú"));
    expect(table.length).toBeGreaterThan(0);
    expect(table).not.toMatch(/\d,(\s|$)/);
    for (const g of input.scores.groups) expect(text).toContain(`(${g.max})`);
  });
});

describe("a long cluster name in the header", () => {
  it("wraps above its rule: no header word crosses the rule under the issuing body", async () => {
    const pdf = await renderMinutesPdf(thousandPointMinutes({ clusterLeft: LONG_CLUSTER }));
    const dpi = 144;
    const scale = dpi / 72;
    const page = grayPage(pdf, 1, dpi);
    const words = wordBoxes(pdf).filter((w) => w.page === 1);
    // Every word of the left column (the issuing body) is printed.
    const leftWords = LONG_CLUSTER.join(" ").split(" ");
    const numberLine = words.find((w) => w.text === "Số:")!;
    expect(numberLine).toBeDefined();
    const header = words.filter((w) => w.yMax <= numberLine.yMin && w.xMax < page.width / scale / 2);
    expect(header.map((w) => w.text.normalize("NFC")).sort()).toEqual([...leftWords].sort());
    // The short rule under the issuing body: a horizontal run in the left half, in the header band.
    const rules = horizontalRules(page, 0, Math.floor(page.width / 2), 40 * scale).filter((r) => r.y < 180 * scale);
    expect(rules.length).toBeGreaterThan(0);
    const ruleY = Math.min(...rules.map((r) => r.y)) / scale;
    // The rule is under the whole name, above the number line, and crosses no word's box.
    expect(ruleY).toBeLessThan(numberLine.yMin);
    const bottom = Math.max(...header.map((w) => w.yMax));
    expect(ruleY).toBeGreaterThanOrEqual(bottom - 0.5);
    for (const w of words) expect(ruleY > w.yMin + 0.5 && ruleY < w.yMax - 0.5 && w.xMax * scale > rules[0]!.from && w.xMin * scale < rules[0]!.to, w.text).toBe(false);
  });
});

describe("two-line headers of unbroken columns", () => {
  it("keep their two lines together (no empty line between 'III' and '(10)')", async () => {
    const { renderMinutesPdf: render } = await import("../../server/pdf");
    const input = thousandPointMinutes();
    // Groups whose label is wider than its maximum: "III" over "(10)", as in the demo meeting.
    input.scores.groups = input.scores.groups.map((g, i) => ({ ...g, label: ["I", "II", "III", "IV", "V", "VI"][i]!, max: [40, 20, 10, 15, 10, 5][i]! }));
    input.scores.rows = input.scores.rows.map((r) => ({ ...r, groups: Object.fromEntries(input.scores.groups.map((g) => [g.id, g.max - 0.5])) }));
    const words = (await import("../helpers/documents")).wordBoxes(await render(input)).filter((w) => w.page === 1);
    for (const [top, bottom] of [["III", "(10)"], ["VI", "(5)"], ["Xếp", "hạng"]] as const) {
      const a = words.find((w) => w.text === top)!;
      const b = words.find((w) => w.text === bottom && Math.abs(w.xMin - a.xMin) < 30 && w.yMin > a.yMin)!;
      expect(a, top).toBeDefined();
      expect(b, bottom).toBeDefined();
      // The second line starts right under the first: less than 1.5 line heights apart.
      expect(b.yMin - a.yMin, `${top} / ${bottom}`).toBeLessThan((a.yMax - a.yMin) * 1.5);
    }
  });
});
