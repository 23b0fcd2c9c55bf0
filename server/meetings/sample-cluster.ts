import demoDefinition from "../../shared/definition/demo-cum8-2021.json";
import type { MeetingDefinitionInput } from "../../shared/definition/schema";

/** The demo's second cluster: invented, marked as sample data, so the organisers' list shows two clusters. */
export const SAMPLE_CLUSTER_ID = "thanh-hoa-cum-2-mau";

const UNITS = [
  { code: "SCT", name: "Sở Công Thương tỉnh Thanh Hóa", shortName: "Sở Công Thương", headTitle: "Giám đốc", role: "head" },
  { code: "SKHDT", name: "Sở Kế hoạch và Đầu tư tỉnh Thanh Hóa", shortName: "Sở KH&ĐT", headTitle: "Giám đốc", role: "deputy" },
  { code: "STC", name: "Sở Tài chính tỉnh Thanh Hóa", shortName: "Sở Tài chính", headTitle: "Giám đốc", role: "member" },
  { code: "SNNPTNT", name: "Sở Nông nghiệp và Phát triển nông thôn tỉnh Thanh Hóa", shortName: "Sở NN&PTNT", headTitle: "Giám đốc", role: "member" },
  { code: "STNMT", name: "Sở Tài nguyên và Môi trường tỉnh Thanh Hóa", shortName: "Sở TN&MT", headTitle: "Giám đốc", role: "member" },
  { code: "CTK", name: "Cục Thống kê tỉnh Thanh Hóa", shortName: "Cục Thống kê", headTitle: "Cục trưởng", role: "member" },
] as const;

/** Cluster No. 2 (economic departments), same criteria, agenda and rules as Cluster No. 8; no scores yet. */
export function sampleClusterDefinition(): MeetingDefinitionInput {
  const base = structuredClone(demoDefinition) as unknown as MeetingDefinitionInput;
  const rename = (s: string) => s.replace(/Cụm thi đua số 8/g, "Cụm thi đua số 2").replace(/CỤM THI ĐUA SỐ 8/g, "CỤM THI ĐUA SỐ 2");
  return {
    ...base,
    sample: true,
    cluster: { ...base.cluster, id: SAMPLE_CLUSTER_ID, name: "Cụm thi đua số 2" },
    conference: { ...base.conference, title: `[Dữ liệu mẫu] ${base.conference.title}`, date: "2022-01-18" },
    units: UNITS.map((u) => ({ ...u })),
    agenda: base.agenda.map((a) => ({ ...a, title: rename(a.title) })),
    pledge: {
      ...base.pledge,
      header: {
        ...base.pledge.header,
        left: base.pledge.header.left.map(rename),
        placeDate: "Thanh Hóa, ngày 18 tháng 01 năm 2022",
        ...(base.pledge.header.subtitle ? { subtitle: rename(base.pledge.header.subtitle) } : {}),
      },
      preamble: rename(base.pledge.preamble ?? ""),
    },
    scores: [],
  };
}
