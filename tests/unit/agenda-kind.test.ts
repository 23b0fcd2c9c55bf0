import { describe, expect, it } from "vitest";
import demo from "../../shared/definition/demo-cum8-2021.json";
import { agendaItemKind, type AgendaKind } from "../../shared/definition/agenda-kind";

describe("what an agenda item is about", () => {
  // prettier-ignore
  it.each<[string, AgendaKind | null]>([
    ["Đón tiếp đại biểu; điểm danh, ổn định tổ chức",                                        null],
    ["Phát biểu khai mạc",                                                                   null],
    ["Báo cáo tổng kết phong trào thi đua, khen thưởng năm 2021 của Cụm; phương hướng năm 2022", null],
    ["Thảo luận, tham luận của các đơn vị",                                                  "discussion"],
    ["Thông qua kết quả tự chấm, chấm chéo; thống nhất chấm điểm năm 2021",                  "scores"],
    ["Bình xét, suy tôn (bỏ phiếu kín); công bố kết quả; thống nhất đề nghị khen thưởng",    "votes"],
    ["Bầu Trưởng cụm, Phó Trưởng cụm năm 2022; bàn giao cờ luân lưu/nhiệm vụ Trưởng cụm",    "votes"],
    ["Thông qua Kế hoạch hoạt động, nội dung giao ước thi đua năm 2022",                     "pledge"],
    ["Lễ ký kết giao ước thi đua năm 2022",                                                  "pledge"],
    ["Biểu quyết thông qua giao ước",                                                        "pledge"],
    ["BIỂU QUYẾT danh sách đề nghị khen thưởng",                                             "votes"],
    ["Phát biểu tiếp thu của Trưởng cụm 2022; thông qua biên bản; bế mạc",                   null],
    ["Tổng hợp bảng điểm thi đua",                                                           "scores"],
    // Decomposed diacritics (typed on some keyboards) read the same.
    ["Tha\u0309o luận chuyên đề",                                                            "discussion"],
  ])("%s → %s", (title, kind) => {
    expect(agendaItemKind(title)).toBe(kind);
  });

  it("gives the demo meeting's scoring, voting, pledge and discussion items their panels", () => {
    const kinds = demo.agenda.map((a) => agendaItemKind(a.title));
    expect(kinds.filter(Boolean)).toEqual(["discussion", "scores", "votes", "votes", "pledge", "pledge"]);
  });
});
