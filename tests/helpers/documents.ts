import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import demoJson from "../../shared/definition/demo-cum8-2021.json";
import { meetingDefinitionSchema } from "../../shared/definition/schema";
import { pledgeHash } from "../../shared/pledge/canonical";
import { sha256Hex } from "../../shared/util/hash";
import type { MinutesPdfInput } from "../../server/pdf";

export const demo = meetingDefinitionSchema.parse(demoJson);

/** A meeting's minutes input on a 1,000-point scale: six groups, scores like 440,0 and 87,5. */
export function thousandPointMinutes(options: { clusterLeft?: string[]; draft?: boolean } = {}): MinutesPdfInput {
  const maxes = [440, 200, 120, 100, 80, 60];
  const groups = maxes.map((max, i) => ({ id: `G${i + 1}`, label: ["I", "II", "III", "IV", "V", "VI"][i]!, name: `Nhóm tiêu chí ${i + 1}`, max }));
  const rows = demo.units.map((u, n) => {
    const values = Object.fromEntries(groups.map((g, i) => [g.id, g.max - ((n * 7 + i * 3) % 20) - (i === 1 ? 0.5 : 0)]));
    const bonus = n % 3 === 0 ? 15.5 : 10;
    const deduction = n % 4 === 0 ? 12.5 : 0;
    const total = Object.values(values).reduce((a, b) => a + b, 0) + bonus - deduction;
    return { unitName: u.name, groups: values, bonus, deduction, total, rank: 0 };
  });
  [...rows].sort((a, b) => b.total - a.total).forEach((r, i) => (r.rank = i + 1));
  return {
    header: { left: options.clusterLeft ?? demo.pledge.header.left, right: demo.pledge.header.right, placeDate: demo.pledge.header.placeDate },
    cluster: { name: demo.cluster.name, province: demo.cluster.province, year: demo.cluster.year },
    conference: demo.conference,
    attendance: { present: demo.units.map((u) => u.name), absent: [] },
    scores: { groups, rows },
    polls: [],
    elected: { year: 2022, head: demo.units[0]!.name, deputy: demo.units[1]!.name },
    pledge: { textHash: pledgeHash(demo.pledge), signedCount: 8, unitCount: 8 },
    journalHead: sha256Hex("journal"),
    draft: options.draft ?? false,
  };
}

/** Writes the PDF to a temporary file and returns its path (poppler tools read files). */
export function pdfFile(pdf: Uint8Array, name = "doc.pdf"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "concord-pdf-"));
  const file = path.join(dir, name);
  fs.writeFileSync(file, pdf);
  return file;
}

/** pdftotext -layout, page by page (form feeds split pages). */
export function pdftotextLayout(pdf: Uint8Array): string[] {
  return execFileSync("pdftotext", ["-layout", pdfFile(pdf), "-"], { encoding: "utf8" }).split("\f");
}

export interface WordBox { page: number; xMin: number; yMin: number; xMax: number; yMax: number; text: string }

/** Every word with its box in points (origin top left), from `pdftotext -bbox`. */
export function wordBoxes(pdf: Uint8Array): WordBox[] {
  const html = execFileSync("pdftotext", ["-bbox", pdfFile(pdf), "-"], { encoding: "utf8" });
  const out: WordBox[] = [];
  let page = 0;
  for (const line of html.split("\n")) {
    if (line.includes("<page ")) page++;
    const m = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)<\/word>/.exec(line);
    if (m) out.push({ page, xMin: +m[1]!, yMin: +m[2]!, xMax: +m[3]!, yMax: +m[4]!, text: decodeEntities(m[5]!) });
  }
  return out;
}

function decodeEntities(s: string): string {
  return s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
}

/** A page rendered to greyscale at `dpi` (pdftoppm -gray → PGM), as rows of 0 (black) … 255 (white). */
export function grayPage(pdf: Uint8Array, page = 1, dpi = 72): { width: number; height: number; at: (x: number, y: number) => number } {
  const file = pdfFile(pdf);
  const prefix = path.join(path.dirname(file), "page");
  execFileSync("pdftoppm", ["-gray", "-r", String(dpi), "-f", String(page), "-l", String(page), "-singlefile", file, prefix]);
  const data = fs.readFileSync(`${prefix}.pgm`);
  // P5 header: "P5\n<w> <h>\n<max>\n" (no comments from pdftoppm).
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(data.subarray(0, 40).toString("latin1"))!;
  const [width, height] = [Number(header[1]), Number(header[2])];
  const pixels = data.subarray(header[0].length);
  return { width, height, at: (x, y) => pixels[y * width + x]! };
}

/** The box holding every pixel darker than `threshold`, in pixels. */
export function inkBox(page: ReturnType<typeof grayPage>, threshold = 200): { left: number; top: number; right: number; bottom: number } {
  let [left, top, right, bottom] = [page.width, page.height, -1, -1];
  for (let y = 0; y < page.height; y++)
    for (let x = 0; x < page.width; x++)
      if (page.at(x, y) < threshold) {
        if (x < left) left = x;
        if (x > right) right = x;
        if (y < top) top = y;
        if (y > bottom) bottom = y;
      }
  return { left, top, right, bottom };
}

/** Rows (y, in pixels) inside [x0, x1) where a horizontal rule at least `minLength` pixels long is drawn. */
export function horizontalRules(page: ReturnType<typeof grayPage>, x0: number, x1: number, minLength: number, threshold = 160): Array<{ y: number; from: number; to: number }> {
  const rules: Array<{ y: number; from: number; to: number }> = [];
  for (let y = 0; y < page.height; y++) {
    let run = 0;
    for (let x = Math.max(0, x0); x < Math.min(page.width, x1); x++) {
      run = page.at(x, y) < threshold ? run + 1 : 0;
      if (run === minLength) rules.push({ y, from: x - minLength + 1, to: x });
    }
  }
  return rules;
}

/** The paragraphs of a .docx part (word/document.xml by default), read with unzip: the text of each <w:p>. */
export function docxParagraphs(docx: Uint8Array, part = "word/document.xml"): string[] {
  const xml = execFileSync("unzip", ["-p", pdfFile(docx, "doc.docx"), part], { encoding: "utf8" });
  return xml.split("</w:p>").map((p) =>
    [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decodeEntities(m[1]!)).join(""),
  ).filter((t) => t !== "");
}

/** Every part name in a .docx. */
export function docxParts(docx: Uint8Array): string[] {
  return execFileSync("unzip", ["-Z1", pdfFile(docx, "doc.docx")], { encoding: "utf8" }).split("\n").filter(Boolean);
}
