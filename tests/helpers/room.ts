import type { Page } from "playwright-core";
import { demoDefinitionCopy } from "./server";

/** Invented, realistically long unit names: departments of a provincial cluster, 8–30 of them. */
const NAMES: [string, string][] = [
  ["Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh", "VP Đoàn ĐBQH và HĐND"],
  ["Văn phòng Ủy ban nhân dân tỉnh Thanh Hóa", "Văn phòng UBND tỉnh"],
  ["Sở Ngoại vụ tỉnh Thanh Hóa", "Sở Ngoại vụ"],
  ["Ban Dân tộc tỉnh Thanh Hóa", "Ban Dân tộc"],
  ["Đảng ủy Khối các cơ quan tỉnh Thanh Hóa", "Đảng ủy Khối CQ tỉnh"],
  ["Sở Nội vụ tỉnh Thanh Hóa", "Sở Nội vụ"],
  ["Thanh tra tỉnh Thanh Hóa", "Thanh tra tỉnh"],
  ["Sở Tư pháp tỉnh Thanh Hóa", "Sở Tư pháp"],
  ["Sở Kế hoạch và Đầu tư tỉnh Thanh Hóa", "Sở Kế hoạch và Đầu tư"],
  ["Sở Tài chính tỉnh Thanh Hóa", "Sở Tài chính"],
  ["Sở Lao động – Thương binh và Xã hội tỉnh Thanh Hóa", "Sở Lao động – TB và XH"],
  ["Sở Văn hóa, Thể thao và Du lịch tỉnh Thanh Hóa", "Sở VH, TT và Du lịch"],
  ["Sở Tài nguyên và Môi trường tỉnh Thanh Hóa", "Sở Tài nguyên và MT"],
  ["Sở Nông nghiệp và Phát triển nông thôn tỉnh Thanh Hóa", "Sở Nông nghiệp và PTNT"],
  ["Sở Giáo dục và Đào tạo tỉnh Thanh Hóa", "Sở Giáo dục và Đào tạo"],
  ["Sở Khoa học và Công nghệ tỉnh Thanh Hóa", "Sở Khoa học và Công nghệ"],
  ["Sở Thông tin và Truyền thông tỉnh Thanh Hóa", "Sở Thông tin và TT"],
  ["Sở Giao thông Vận tải tỉnh Thanh Hóa", "Sở Giao thông Vận tải"],
  ["Sở Xây dựng tỉnh Thanh Hóa", "Sở Xây dựng"],
  ["Sở Công Thương tỉnh Thanh Hóa", "Sở Công Thương"],
  ["Sở Y tế tỉnh Thanh Hóa", "Sở Y tế"],
  ["Ban Quản lý Khu kinh tế Nghi Sơn và các khu công nghiệp", "BQL KKT Nghi Sơn"],
  ["Liên minh Hợp tác xã tỉnh Thanh Hóa", "Liên minh HTX tỉnh"],
  ["Hội Liên hiệp Phụ nữ tỉnh Thanh Hóa", "Hội LHPN tỉnh"],
  ["Tỉnh đoàn Thanh Hóa", "Tỉnh đoàn"],
  ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Thanh Hóa", "Ủy ban MTTQ tỉnh"],
  ["Hội Nông dân tỉnh Thanh Hóa", "Hội Nông dân tỉnh"],
  ["Hội Cựu chiến binh tỉnh Thanh Hóa", "Hội Cựu chiến binh tỉnh"],
  ["Liên đoàn Lao động tỉnh Thanh Hóa", "Liên đoàn Lao động tỉnh"],
  ["Bảo hiểm Xã hội tỉnh Thanh Hóa", "BHXH tỉnh"],
];

/**
 * The demo definition with `count` invented units (codes U01…), each cross-checked by the next, and
 * scores for every unit (the demo's BDT scores, varied) so the table can be agreed and locked.
 */
export function roomDefinition(count: number) {
  const def = demoDefinitionCopy() as unknown as {
    units: Record<string, unknown>[];
    scores: { unit: string; self: Layer; cross: Layer }[];
  };
  type Layer = { groups: Record<string, number>; bonus: Record<string, number>; deductions: Record<string, number> };
  const template = def.scores[0]!;
  const codes = Array.from({ length: count }, (_, i) => `U${String(i + 1).padStart(2, "0")}`);
  def.units = codes.map((code, i) => ({
    code,
    name: NAMES[i]![0],
    shortName: NAMES[i]![1],
    headTitle: "Giám đốc",
    role: i === 0 ? "head" : i === 1 ? "deputy" : "member",
    crossCheckedBy: codes[(i + 1) % count],
  }));
  const vary = (layer: Layer, i: number): Layer => {
    const groups = { ...layer.groups };
    const [first, second] = Object.keys(groups) as [string, string];
    groups[first] = Math.max(0, groups[first]! - (i % 7) * 0.5);
    groups[second] = Math.max(0, groups[second]! - (i % 4) * 1.5);
    return { ...layer, groups: { ...groups }, bonus: { ...layer.bonus }, deductions: { ...layer.deductions } };
  };
  def.scores = codes.map((unit, i) => ({ unit, self: vary(template.self, i), cross: vary(template.cross, i + 1) }));
  return { definition: def, codes };
}

export interface TextBox {
  text: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Every line of visible text on the page as the browser laid it out (one box per line of each text
 * node), with the problems found: a box outside the viewport, a box cut by an ancestor that clips
 * (overflow hidden, ellipsis), and two boxes of different texts that overlap.
 */
export async function layoutProblems(page: Page, root = "body"): Promise<{ boxes: TextBox[]; problems: string[] }> {
  return page.evaluate((rootSel) => {
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    const boxes: (DOMRect & { text: string; node: number })[] = [];
    const problems: string[] = [];
    const walker = document.createTreeWalker(document.querySelector(rootSel)!, NodeFilter.SHOW_TEXT);
    let n = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = (node.textContent ?? "").trim();
      if (!text) continue;
      const el = node.parentElement!;
      const style = getComputedStyle(el);
      if (style.visibility === "hidden" || Number(style.opacity) === 0 || el.closest("[aria-hidden='true'],.sr-only")) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0.5 && r.height > 0.5);
      if (rects.length === 0) continue;
      n++;
      for (const r of rects) {
        boxes.push(Object.assign(r, { text, node: n }));
        if (r.left < -0.5 || r.top < -0.5 || r.right > vw + 0.5 || r.bottom > vh + 0.5)
          problems.push(`outside the viewport: "${text}" at ${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}×${Math.round(r.height)}`);
        // An ancestor that clips its content must hold the whole line.
        for (let a: Element | null = el; a && a !== document.body; a = a.parentElement) {
          const s = getComputedStyle(a);
          if (s.overflowX === "visible" && s.overflowY === "visible") continue;
          const c = a.getBoundingClientRect();
          if (r.left < c.left - 1 || r.right > c.right + 1 || r.top < c.top - 1 || r.bottom > c.bottom + 1) {
            problems.push(`cut by its container: "${text}" (${a.className})`);
            break;
          }
        }
      }
      if (el.scrollWidth > el.clientWidth + 1 && style.textOverflow === "ellipsis")
        problems.push(`cut short with an ellipsis: "${text}"`);
    }
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        if (a.node === b.node) continue;
        const overlapX = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const overlapY = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (overlapX > 1 && overlapY > 1) problems.push(`overlap: "${a.text}" and "${b.text}"`);
      }
    return {
      boxes: boxes.map((b) => ({ text: b.text, x: b.x, y: b.y, w: b.width, h: b.height })),
      problems: [...new Set(problems)],
    };
  }, root);
}

/** Runs axe-core in the page; returns the serious and critical violations, described. */
export async function axeSerious(page: Page): Promise<string[]> {
  const fs = await import("node:fs");
  const { createRequire } = await import("node:module");
  const src = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  await page.evaluate(src);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return axe.run(document, { resultTypes: ["violations"] });
  });
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 4).map((n) => n.target.join(" ")).join(", ")}`);
}
