import type { JournalData, JournalEventOf, JournalType } from "../../shared/journal/entries";

const H = "ab".repeat(32);
const H2 = "cd".repeat(32);

/** One valid `data` per journal entry type, as the server writes it (the compiler holds it to the table). */
export const JOURNAL_SAMPLES: { [T in JournalType]: JournalData<T> } = {
  "meeting.created": { title: "Hội nghị tổng kết Cụm thi đua số 3", units: ["BDT", "STP"], links: 9 },
  "meeting.definition_updated": { title: "Hội nghị", units: ["BDT", "SNGV"], removedUnits: ["STP"], addedUnits: ["SNGV"] },
  "meeting.archived": null,
  "meeting.unarchived": null,
  "link.revoked": { linkId: "delegate-BDT-1" },
  "link.reissued": { linkId: "delegate-BDT-1", generation: 2 },
  "device.joined": { linkId: "delegate-BDT-1", role: "delegate", unit: "BDT" },
  "rollcall.marked": { unit: "BDT", mark: "present" },
  "agenda.moved": { index: 2, title: "Bầu Trưởng cụm" },
  "screen.shown": { view: "scores" },
  "scores.stage": { from: "self", to: "cross" },
  "scores.copied": { from: "cross", units: ["BDT", "STP"], overwrite: false, cells: 12 },
  "scores.locked": {
    snapshot: {
      layers: { BDT: { agreed: { core: 90 } } },
      totals: { BDT: { self: 90, cross: 88, agreed: 89 } },
      ranking: [{ unit: "BDT", rank: 1, total: 89, tiedWith: [], decidedBy: null }],
    },
    snapshotHash: H,
    presentUnits: ["BDT", "STP"],
  },
  "scores.unlocked": { reason: "Sửa điểm thưởng", previousSnapshotHash: H },
  "poll.created": {
    id: "head-1",
    kind: "single_choice",
    visibility: "secret",
    title: "Bầu Trưởng cụm năm 2022",
    candidates: ["BDT", "STP"],
    excluded: [],
    threshold: { comparison: "gt", numerator: 1, denominator: 2 },
    base: "members",
    state: "draft",
    round: 1,
    subject: "head",
    openedAt: null,
    closedAt: null,
    publishedAt: null,
    voidedAt: null,
    voidReason: null,
    membersAtClose: null,
    presentAtClose: null,
    presentUnitsAtOpen: null,
    presentUnitsAtClose: null,
  },
  "poll.opened": { pollId: "head-1", present: 2, members: 2, presentUnits: ["BDT", "STP"] },
  "poll.closed": { pollId: "head-1", present: 2, members: 2, presentUnits: ["BDT", "STP"] },
  "poll.published": {
    pollId: "head-1",
    outcome: "Trúng cử: Ban Dân tộc",
    headline: "Ban Dân tộc — Trưởng cụm năm 2022",
    counts: { kind: "single_choice", cast: 2, valid: 2, invalid: 0, votes: { BDT: 2, STP: 0 }, abstain: 0 },
  },
  "poll.voided": { pollId: "head-1", reason: "Nhầm danh sách ứng cử" },
  "poll.ballot_cast": { pollId: "head-1", unit: "BDT" },
  "pledge.adopted": { by: "chair", draftHash: H },
  "pledge.frozen": { textHash: H },
  "pledge.unfrozen": { reason: "Sửa câu chữ", textHash: H, voided: ["BDT"] },
  "pledge.signed": {
    unit: "BDT",
    signerName: "Nguyễn Văn A",
    signerTitle: "Trưởng ban",
    onBehalf: null,
    signedAt: "2022-01-14T03:00:00.000Z",
    textHash: H,
    signatureHash: H2,
  },
  "pledge.final": { textHash: H, units: ["BDT", "STP"] },
  "pledge.proposal.accepted": { key: "BDT:1", unit: "BDT", section: 0, index: 1, text: "Hoàn thành chỉ tiêu" },
  "pledge.proposal.rejected": { key: "STP:2", unit: "STP", section: 1, index: 0, text: "Thêm một nội dung" },
  "speak.requested": { requestId: "r1", unit: "BDT", kind: "presentation", note: "Kinh nghiệm", name: null },
  "speak.withdrawn": { requestId: "r1", unit: "BDT" },
  "speak.given": { requestId: "r1", unit: "BDT", kind: "remark", startedAt: 1_642_130_000_000, limitS: 180, agendaIndex: 3 },
  "speak.ended": { requestId: "r1", unit: "BDT", kind: "remark", agendaIndex: 3, startedAt: 1_642_130_000_000, endedAt: 1_642_130_200_000, durationS: 200, limitS: 180 },
  "speak.reordered": { order: ["r2", "r1"] },
  "document.attached": { docId: "0123456789abcdef", title: "Báo cáo tổng kết", sha256: H, bytes: 120_000, pages: 12, agendaIndex: null },
  "document.shown": { docId: "0123456789abcdef", page: 3, sha256: H },
  "invitations.issued": { units: [{ unit: "BDT", links: 2 }] },
  "rehearsal.started": null,
  "rehearsal.ended": { polls: 1, ballots: 2, signatures: 0, turns: 1, docUpdates: 5, marks: 2 },
};

/** A valid event of this type (for store fixtures): `{ actor, ...journalSample("poll.created") }`. */
export function journalSample<T extends JournalType>(type: T, data?: Partial<JournalData<T>>): JournalEventOf<T> {
  const base = JOURNAL_SAMPLES[type] as JournalData<T>;
  const merged = data && base !== null ? { ...base, ...data } : base;
  return { type, data: merged } as JournalEventOf<T>;
}
