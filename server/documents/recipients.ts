import type { MeetingDefinition } from "../../shared/definition/schema";

/** "Nơi nhận" of the minutes and the pledge: the supervising board, the member units, the cluster's file. */
export function recipientsOf(def: MeetingDefinition): string[] {
  const board = def.cluster.supervisingBody ?? `Ban Thi đua – Khen thưởng tỉnh ${def.cluster.province}`;
  return [`${board} (để báo cáo);`, `Các đơn vị thành viên ${def.cluster.name};`, `Lưu: ${def.cluster.name}.`];
}
