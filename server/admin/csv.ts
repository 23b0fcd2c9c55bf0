import { formatScore } from "../../shared/scoring/format";
import type { ClusterResult } from "../../shared/protocol/admin";
import { csvCell } from "../scores/export";

export { csvCell };

export const RESULTS_HEADER = ["Năm", "Tỉnh", "Cụm", "Hạng", "Mã đơn vị", "Đơn vị", "Tổng điểm", "Suy tôn", "Trưởng cụm năm sau", "Phó Trưởng cụm năm sau"];

type Cell = Parameters<typeof csvCell>[0];
const num = (n: number | string): Cell => ({ number: String(n) });

/**
 * The province's results, one row per unit of each cluster's locked ranking (a cluster not yet locked
 * gets one row saying so), UTF-8 with a BOM so spreadsheet programs keep the Vietnamese. Every text cell
 * is neutralised against formulas (csvCell: a leading = + - @ gets a ').
 */
export function resultsCsv(results: readonly ClusterResult[]): string {
  const lines = [RESULTS_HEADER.map(csvCell).join(",")];
  const row = (cells: Cell[]) => lines.push(cells.map(csvCell).join(","));
  for (const r of results) {
    const head = r.elected?.head?.name ?? "";
    const deputy = r.elected?.deputy?.name ?? "";
    if (!r.ranking) {
      row([num(r.year), r.province, r.cluster, "", "", "Chưa thống nhất chấm điểm", "", "", head, deputy]);
      continue;
    }
    for (const u of r.ranking)
      row([
        num(r.year),
        r.province,
        r.cluster,
        num(u.rank),
        u.code,
        u.name,
        u.total === null ? "" : num(formatScore(u.total, "vi")),
        u.acclaimed === null ? "Chưa biểu quyết" : u.acclaimed ? "Được suy tôn" : "Không",
        head,
        deputy,
      ]);
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
