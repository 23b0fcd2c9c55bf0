import { formatScore } from "../../shared/scoring/format";
import type { ClusterResult } from "../../shared/protocol/admin";

/**
 * One CSV cell. A text starting with = + - @ (or a tab or carriage return) would run as a formula in
 * a spreadsheet: it gets a ' in front. Cells with a comma, quote or line break are quoted.
 */
export function csvCell(value: string | number | null): string {
  let s = value === null ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const RESULTS_HEADER = ["Năm", "Tỉnh", "Cụm", "Hạng", "Mã đơn vị", "Đơn vị", "Tổng điểm", "Suy tôn", "Trưởng cụm năm sau", "Phó Trưởng cụm năm sau"];

/**
 * The province's results, one row per unit of each cluster's locked ranking (a cluster not yet locked
 * gets one row saying so), UTF-8 with a BOM so spreadsheet programs keep the Vietnamese.
 */
export function resultsCsv(results: readonly ClusterResult[]): string {
  const lines = [RESULTS_HEADER.map(csvCell).join(",")];
  for (const r of results) {
    const head = r.elected?.head?.name ?? "";
    const deputy = r.elected?.deputy?.name ?? "";
    if (!r.ranking) {
      lines.push([r.year, r.province, r.cluster, "", "", "Chưa thống nhất chấm điểm", "", "", head, deputy].map(csvCell).join(","));
      continue;
    }
    for (const row of r.ranking)
      lines.push(
        [
          r.year,
          r.province,
          r.cluster,
          row.rank,
          row.code,
          row.name,
          row.total === null ? "" : formatScore(row.total, "vi"),
          row.acclaimed === null ? "Chưa biểu quyết" : row.acclaimed ? "Được suy tôn" : "Không",
          head,
          deputy,
        ]
          .map(csvCell)
          .join(","),
      );
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
