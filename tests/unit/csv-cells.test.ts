import { describe, expect, it } from "vitest";
import { csvCell } from "../../server/scores/export";

/** [cell as built, as written]: text that would run as a formula gets a leading apostrophe; real numbers keep their sign. */
const CASES: [Parameters<typeof csvCell>[0], string][] = [
  ["Ban Dân tộc", "Ban Dân tộc"],
  ["=HYPERLINK(\"http://x\",\"bấm\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"bấm\"\")\""],
  ["=1+1", "'=1+1"],
  ["+84 912", "'+84 912"],
  ["-5", "'-5"],
  ["-2+3", "'-2+3"],
  ["@SUM(A1:A9)", "'@SUM(A1:A9)"],
  ["\tcmd", "'\tcmd"],
  ["\r=1+1", "\"'\r=1+1\""],
  ["a=b", "a=b"],
  ["", ""],
  ["Sở Tư pháp; Thanh tra", "\"Sở Tư pháp; Thanh tra\""],
  [{ number: "99,5" }, "\"99,5\""],
  [{ number: "-5,0" }, "\"-5,0\""],
  [{ number: "-5" }, "-5"],
  [{ number: "12" }, "12"],
  // Never a number unless it looks like one: a "number" cell with a formula is still neutralised.
  [{ number: "-1+cmd" }, "'-1+cmd"],
  [{ number: "=1" }, "'=1"],
];

describe("CSV cells", () => {
  it.each(CASES)("%j is written %j", (cell, written) => {
    expect(csvCell(cell)).toBe(written);
  });
});
