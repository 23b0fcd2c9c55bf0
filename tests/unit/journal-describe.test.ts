import { describe, expect, it } from "vitest";
import { translate, type Translate } from "../../client/i18n";
import { describeEntry, pollTitlesOf } from "../../client/views/journal/describe";
import type { JournalEntry } from "../../shared/journal/chain";
import { JOURNAL_TYPE_NAMES } from "../../shared/journal/entries";
import { JOURNAL_SAMPLES } from "../helpers/journal";

const vi: Translate = (key, params) => translate("vi", key, params);
const ctx = {
  t: vi,
  units: [
    { code: "BDT", name: "Ban Dân tộc tỉnh Thanh Hóa", shortName: "Ban Dân tộc" },
    { code: "STP", name: "Sở Tư pháp tỉnh Thanh Hóa", shortName: "Sở Tư pháp" },
  ],
  pollTitles: new Map([["head-1", "Bầu Trưởng cụm năm 2022"]]),
};
const entry = (type: string, data: unknown): JournalEntry => ({ seq: 1, ts: 0, actor: "chair", type, data, prevHash: "", hash: "" });

describe("the journal page in words, for every entry type", () => {
  it.each(JOURNAL_TYPE_NAMES)("%s has a Vietnamese sentence with no placeholder left", (type) => {
    const words = describeEntry(entry(type, JOURNAL_SAMPLES[type]), ctx);
    expect(words).toBeTruthy();
    expect(words).not.toMatch(/\{\w+\}|undefined|NaN/);
  });

  // One line per case: the sentence the journal page shows.
  const cases: [string, unknown, string][] = [
    ["meeting.definition_updated", JOURNAL_SAMPLES["meeting.definition_updated"], "Sửa thông tin hội nghị “Hội nghị” (2 đơn vị; bỏ 1, thêm 1 đơn vị)"],
    ["meeting.archived",           null,                                          "Đưa hội nghị vào lưu trữ (ẩn khỏi danh sách)"],
    ["meeting.unarchived",         null,                                          "Khôi phục hội nghị từ lưu trữ"],
    ["poll.ballot_cast",           { pollId: "head-1", unit: "BDT" },             "Ban Dân tộc đã bỏ phiếu — “Bầu Trưởng cụm năm 2022”"],
    ["poll.ballot_cast",           { pollId: "head-1", unit: "BDT", ballot: { choice: "STP" }, receipt: "K7Q2" }, "Ban Dân tộc biểu quyết “Bầu Trưởng cụm năm 2022”: Sở Tư pháp"],
    ["agenda.moved",               { index: 7 },                                  "Chuyển sang mục 8: "],
  ];
  it.each(cases)("%s %j → %s", (type, data, words) => expect(describeEntry(entry(type, data), ctx)).toBe(words));

  it("shows an entry it cannot read generically (null), never throws: an unknown type, or an older entry's data", () => {
    expect(describeEntry(entry("attendance.marked", { unit: "BDT" }), ctx)).toBeNull();
    expect(describeEntry(entry("device.joined", { role: "delegate", unit: "BDT" }), ctx)).toBeNull();
    expect(describeEntry(entry("poll.opened", null), ctx)).toBeNull();
  });

  it("reads the poll titles from poll.created entries, skipping one it cannot read", () => {
    const titles = pollTitlesOf([entry("poll.created", JOURNAL_SAMPLES["poll.created"]), entry("poll.created", { id: "x" })]);
    expect([...titles]).toEqual([["head-1", "Bầu Trưởng cụm năm 2022"]]);
  });
});
