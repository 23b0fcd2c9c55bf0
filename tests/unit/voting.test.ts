import { describe, it, expect } from "vitest";
import type { FractionRule } from "../../shared/definition/schema";
import {
  BALLOT_REFUSAL,
  canTransition,
  describeShare,
  meetsShare,
  normalizeReceiptCode,
  outcomeInWords,
  pollResult,
  pollSchema,
  quorumMet,
  receiptCode,
  requiredCount,
  runoffPoll,
  tallyBallots,
  validateBallot,
  type Choice,
  type Poll,
  type PollInput,
  type PollState,
} from "../../shared/voting";

const HALF: FractionRule = { comparison: "gt", numerator: 1, denominator: 2 };
const TWO_THIRDS: FractionRule = { comparison: "gte", numerator: 2, denominator: 3 };
const EIGHTY_PERCENT: FractionRule = { comparison: "gte", numerator: 80, denominator: 100 };
const FOUR_FIFTHS: FractionRule = { comparison: "gte", numerator: 4, denominator: 5 };
const ONE_PERCENT: FractionRule = { comparison: "gte", numerator: 1, denominator: 100 };
const ALL: FractionRule = { comparison: "gt", numerator: 1, denominator: 1 };

const NAMES: Record<string, string> = {
  BDT: "Ban Dân tộc",
  STP: "Sở Tư pháp",
  SNV: "Sở Nội vụ",
  TTR: "Thanh tra tỉnh",
};
const EIGHT = { members: 8, present: 8 };

function makePoll(fields: Partial<PollInput> & Pick<PollInput, "kind">): Poll {
  return pollSchema.parse({
    id: "P1",
    visibility: "secret",
    title: "Biểu quyết",
    threshold: HALF,
    base: "members",
    candidates: fields.kind === "motion" ? [] : ["BDT", "STP", "SNV"],
    ...fields,
  });
}
const acclamation = makePoll({ kind: "per_candidate" });
const election = makePoll({ kind: "single_choice" });
const election4 = makePoll({ kind: "single_choice", candidates: ["BDT", "STP", "SNV", "TTR"] });
const motion = makePoll({ kind: "motion" });
const barred = makePoll({ kind: "single_choice", candidates: ["BDT", "STP"], excluded: ["SNV"] });

/** `n` copies of a ballot, as a batch of units casting the same choice. */
const times = <T>(n: number, ballot: T): T[] => Array.from({ length: n }, () => ballot);
const choices = (bdt: Choice, stp: Choice, snv: Choice) => ({ choices: { BDT: bdt, STP: stp, SNV: snv } });
/** Single-choice ballots from a vote count per unit ("abstain" for blank ballots). */
const votesFor = (counts: Record<string, number>) =>
  Object.entries(counts).flatMap(([c, n]) => times(n, { choice: c }));
const motionVotes = (yes: number, no: number, abstain: number) => [
  ...times(yes, { choice: "for" }),
  ...times(no, { choice: "against" }),
  ...times(abstain, { choice: "abstain" }),
];

describe("shares", () => {
  it.each([
    ["> 1/2 of 8 needs 5", 8, HALF, 5],
    ["> 1/2 of 7 needs 4", 7, HALF, 4],
    ["> 1/2 of 20 needs 11", 20, HALF, 11],
    ["≥ 2/3 of 8 needs 6", 8, TWO_THIRDS, 6],
    ["≥ 2/3 of 9 needs 6", 9, TWO_THIRDS, 6],
    ["≥ 2/3 of 20 needs 14", 20, TWO_THIRDS, 14],
    ["≥ 80% of 8 needs 7", 8, EIGHTY_PERCENT, 7],
    ["≥ 4/5 of 8 needs 7", 8, FOUR_FIFTHS, 7],
    ["≥ 80% of 10 needs 8", 10, EIGHTY_PERCENT, 8],
    ["> 1/1 of 8 is unreachable (9)", 8, ALL, 9],
    ["anything of 0 is unreachable (1)", 0, TWO_THIRDS, 1],
  ])("%s", (_name, total, rule, required) => {
    expect(requiredCount(total, rule)).toBe(required);
  });

  it.each([
    ["4 of 8 is not more than half", 4, 8, HALF, false],
    ["5 of 8 is more than half", 5, 8, HALF, true],
    ["6 of 9 is at least two thirds", 6, 9, TWO_THIRDS, true],
    ["5 of 8 is not at least two thirds", 5, 8, TWO_THIRDS, false],
    ["6 of 8 is not at least 80%", 6, 8, EIGHTY_PERCENT, false],
    ["7 of 8 is at least 80%", 7, 8, EIGHTY_PERCENT, true],
    ["0 of 0 never meets a share", 0, 0, ONE_PERCENT, false],
  ])("%s", (_name, count, total, rule, met) => {
    expect(meetsShare(count, total, rule)).toBe(met);
  });

  it("agrees with requiredCount for every count of every total up to 60", () => {
    for (const rule of [
      HALF,
      TWO_THIRDS,
      EIGHTY_PERCENT,
      ALL,
      { comparison: "gt", numerator: 2, denominator: 3 } as const,
    ])
      for (let total = 0; total <= 60; total++)
        for (let count = 0; count <= total; count++)
          expect(meetsShare(count, total, rule)).toBe(count >= requiredCount(total, rule));
  });

  it.each([
    ["> 1/2 in Vietnamese", HALF, "vi", "quá 1/2"],
    ["> 1/2 in English", HALF, "en", "more than 1/2"],
    ["≥ 2/3 in Vietnamese", TWO_THIRDS, "vi", "từ 2/3 trở lên"],
    ["≥ 2/3 in English", TWO_THIRDS, "en", "at least 2/3"],
    ["≥ 80/100 as a percentage", EIGHTY_PERCENT, "vi", "từ 80% trở lên"],
  ] as const)("describes %s", (_name, rule, locale, words) => {
    expect(describeShare(rule, locale)).toBe(words);
  });

  it.each([
    ["6 of 8 checked in meets ≥ 2/3", 6, 8, { met: true, present: 6, members: 8, required: 6 }],
    ["5 of 8 checked in misses ≥ 2/3", 5, 8, { met: false, present: 5, members: 8, required: 6 }],
    ["8 of 8 checked in meets ≥ 2/3", 8, 8, { met: true, present: 8, members: 8, required: 6 }],
    ["nobody checked in misses ≥ 2/3", 0, 8, { met: false, present: 0, members: 8, required: 6 }],
    ["14 of 20 checked in meets ≥ 2/3", 14, 20, { met: true, present: 14, members: 20, required: 14 }],
    ["13 of 20 checked in misses ≥ 2/3", 13, 20, { met: false, present: 13, members: 20, required: 14 }],
  ])("quorum: %s", (_name, present, members, expected) => {
    expect(quorumMet(present, members, TWO_THIRDS)).toEqual(expected);
  });
});

describe("poll states", () => {
  it.each<[PollState, PollState, boolean]>([
    ["draft", "open", true],
    ["draft", "closed", false],
    ["draft", "published", false],
    ["draft", "draft", false],
    ["draft", "void", true],
    ["open", "closed", true],
    ["open", "draft", false],
    ["open", "published", false],
    ["open", "open", false],
    ["open", "void", true],
    ["closed", "published", true],
    ["closed", "open", false],
    ["closed", "draft", false],
    ["closed", "closed", false],
    ["closed", "void", true],
    ["published", "void", true],
    ["published", "open", false],
    ["published", "closed", false],
    ["published", "draft", false],
    ["published", "published", false],
    ["void", "void", false],
    ["void", "draft", false],
    ["void", "open", false],
    ["void", "closed", false],
    ["void", "published", false],
  ])("%s → %s is allowed: %s", (from, to, allowed) => {
    expect(canTransition(from, to)).toBe(allowed);
  });

  // One case per line, read as a table.
  // prettier-ignore
  it.each([
    ["a motion with candidates", { kind: "motion", candidates: ["BDT"] }],
    ["an election with one candidate", { kind: "single_choice", candidates: ["BDT"] }],
    ["a per-candidate poll with no candidate", { kind: "per_candidate", candidates: [] }],
    ["a candidate listed twice", { kind: "per_candidate", candidates: ["BDT", "BDT"] }],
    ["a unit both candidate and excluded", { kind: "single_choice", candidates: ["BDT", "STP"], excluded: ["STP"] }],
  ] as const)("refuses to define %s", (_name, fields) => {
    expect(() => makePoll({ ...fields, candidates: [...fields.candidates] } as PollInput)).toThrow();
  });
});

describe("ballot validation", () => {
  // One case per line, read as a table.
  // prettier-ignore
  it.each([
    ["a per-candidate ballot with a plain choice", acclamation, { choice: "for" }, "SNV", true, BALLOT_REFUSAL.WRONG_SHAPE],
    ["a per-candidate ballot with a made-up choice", acclamation, { choices: { BDT: "yes", STP: "for", SNV: "for" } }, "SNV", true, BALLOT_REFUSAL.WRONG_SHAPE],
    ["a per-candidate ballot with an extra field", acclamation, { ...choices("for", "for", "for"), note: "x" }, "SNV", true, BALLOT_REFUSAL.WRONG_SHAPE],
    ["a per-candidate ballot naming a unit not on it", acclamation, { choices: { BDT: "for", STP: "for", SNV: "for", TTR: "for" } }, "SNV", true, BALLOT_REFUSAL.UNKNOWN_CANDIDATE],
    ["a per-candidate ballot leaving a candidate out", acclamation, { choices: { BDT: "for", STP: "for" } }, "SNV", true, BALLOT_REFUSAL.MISSING_CANDIDATE],
    ["a per-candidate ballot voting for its own unit", acclamation, choices("for", "for", "for"), "SNV", false, BALLOT_REFUSAL.SELF_VOTE],
    ["a per-candidate ballot voting against its own unit", acclamation, choices("for", "for", "against"), "SNV", false, BALLOT_REFUSAL.SELF_VOTE],
    ["an election ballot with no choice", election, {}, "SNV", true, BALLOT_REFUSAL.WRONG_SHAPE],
    ["an election ballot answering like a motion", election, { choice: "for" }, "SNV", true, BALLOT_REFUSAL.WRONG_SHAPE],
    ["an election ballot naming a unit not on it", election, { choice: "TTR" }, "SNV", true, BALLOT_REFUSAL.UNKNOWN_CANDIDATE],
    ["an election ballot naming an excluded unit", barred, { choice: "SNV" }, "BDT", true, BALLOT_REFUSAL.EXCLUDED_CANDIDATE],
    ["an election ballot for the voter's own unit", election, { choice: "SNV" }, "SNV", false, BALLOT_REFUSAL.SELF_VOTE],
    ["a motion ballot naming a unit", motion, { choice: "BDT" }, "SNV", true, BALLOT_REFUSAL.WRONG_SHAPE],
    ["a motion ballot that is not an object", motion, "for", "SNV", true, BALLOT_REFUSAL.WRONG_SHAPE],
  ] as const)("refuses %s", (_name, poll, ballot, voter, selfVoteAllowed, code) => {
    const check = validateBallot(poll, ballot, voter, selfVoteAllowed);
    expect(check).toMatchObject({ ok: false, code });
    if (!check.ok) expect(check.reason.length).toBeGreaterThan(0);
  });

  // One case per line, read as a table.
  // prettier-ignore
  it.each([
    ["a complete per-candidate ballot", acclamation, choices("for", "against", "abstain"), "SNV", true],
    ["a self-vote where the meeting allows it", acclamation, choices("for", "for", "for"), "SNV", true],
    ["an abstention on its own unit when self-voting is off", acclamation, choices("for", "for", "abstain"), "SNV", false],
    ["an election ballot for another unit", election, { choice: "BDT" }, "SNV", false],
    ["a blank election ballot", election, { choice: "abstain" }, "SNV", false],
    ["a self-vote in an election where the meeting allows it", election, { choice: "SNV" }, "SNV", true],
    ["a vote against a motion", motion, { choice: "against" }, "SNV", false],
  ] as const)("accepts %s", (_name, poll, ballot, voter, selfVoteAllowed) => {
    expect(validateBallot(poll, ballot, voter, selfVoteAllowed)).toMatchObject({ ok: true, kind: poll.kind, ballot });
  });
});

describe("tallies", () => {
  it("counts per-candidate choices, all-abstain ballots as blank, and misfits as invalid", () => {
    const ballots = [
      choices("for", "against", "abstain"),
      choices("abstain", "abstain", "abstain"),
      { choice: "BDT" },
    ];
    expect(tallyBallots(acclamation, ballots)).toEqual({
      kind: "per_candidate",
      cast: 3,
      valid: 2,
      invalid: 1,
      blank: 1,
      candidates: {
        BDT: { for: 1, against: 0, abstain: 1 },
        STP: { for: 0, against: 1, abstain: 1 },
        SNV: { for: 0, against: 0, abstain: 2 },
      },
    });
  });

  it("counts election votes with every candidate present and blank ballots as abstentions", () => {
    expect(tallyBallots(election, votesFor({ BDT: 2, abstain: 1 }))).toEqual({
      kind: "single_choice",
      cast: 3,
      valid: 3,
      invalid: 0,
      votes: { BDT: 2, STP: 0, SNV: 0 },
      abstain: 1,
    });
  });

  it("counts a motion's for, against and abstain", () => {
    expect(tallyBallots(motion, motionVotes(5, 2, 1))).toEqual({
      kind: "motion",
      cast: 8,
      valid: 8,
      invalid: 0,
      for: 5,
      against: 2,
      abstain: 1,
    });
  });
});

describe("results", () => {
  it("passes the acclamation of BDT, STP and SNV with 8/0, 8/0 and 7/1 of 8 voters", () => {
    const ballots = [...times(7, choices("for", "for", "for")), choices("for", "for", "against")];
    const result = pollResult(acclamation, tallyBallots(acclamation, ballots), EIGHT);
    expect(result).toMatchObject({ kind: "per_candidate", baseCount: 8, required: 5 });
    expect(result.kind === "per_candidate" && result.candidates).toEqual([
      { unit: "BDT", for: 8, against: 0, abstain: 0, passed: true },
      { unit: "STP", for: 8, against: 0, abstain: 0, passed: true },
      { unit: "SNV", for: 7, against: 1, abstain: 0, passed: true },
    ]);
    expect(outcomeInWords(acclamation, result, NAMES, "vi")).toBe(
      "Ban Dân tộc: Thông qua; Sở Tư pháp: Thông qua; Sở Nội vụ: Thông qua",
    );
  });

  // One case per line, read as a table.
  // prettier-ignore
  it.each([
    ["8 members, > 1/2 of members", "members", HALF, { members: 8, present: 6 }, 8, 5, "rejected"],
    ["6 present, > 1/2 of present", "present", HALF, { members: 8, present: 6 }, 6, 4, "rejected"],
    ["5 valid ballots (abstention included), > 1/2 of valid", "valid", HALF, { members: 8, present: 6 }, 5, 3, "adopted"],
    ["6 present, ≥ 2/3 of present", "present", TWO_THIRDS, { members: 8, present: 6 }, 6, 4, "rejected"],
    ["5 valid ballots, ≥ 80% of valid", "valid", EIGHTY_PERCENT, { members: 8, present: 6 }, 5, 4, "rejected"],
  ] as const)("measures 3 for / 1 against / 1 abstain against %s", (_n, base, threshold, attendance, baseCount, required, outcome) => {
    const poll = makePoll({ kind: "motion", base, threshold });
    const result = pollResult(poll, tallyBallots(poll, motionVotes(3, 1, 1)), attendance);
    expect(result).toMatchObject({ kind: "motion", base, baseCount, required, outcome });
  });

  // One case per line, read as a table.
  // prettier-ignore
  it.each([
    ["adopts a motion with 5 of 8 for", motionVotes(5, 2, 1), "adopted", "Thông qua", "Passed"],
    ["rejects a motion with 4 of 8 for", motionVotes(4, 3, 1), "rejected", "Không thông qua", "Not passed"],
    ["rejects a motion that most abstain on", motionVotes(3, 0, 5), "rejected", "Không thông qua", "Not passed"],
  ])("%s", (_name, ballots, outcome, vi, en) => {
    const result = pollResult(motion, tallyBallots(motion, ballots), EIGHT);
    expect(result).toMatchObject({ kind: "motion", outcome });
    expect(outcomeInWords(motion, result, NAMES, "vi")).toBe(vi);
    expect(outcomeInWords(motion, result, NAMES, "en")).toBe(en);
  });

  // One case per line, read as a table.
  // prettier-ignore
  it.each([
    ["elects BDT with 6/1/1 of 8", election, { BDT: 6, STP: 1, SNV: 1 }, { outcome: "elected", elected: "BDT" }],
    ["elects STP with exactly 5 of 8 and 3 blank", election, { STP: 5, abstain: 3 }, { outcome: "elected", elected: "STP" }],
    ["needs a runoff between the two tied at the top with 3/3/2 of 8", election, { BDT: 3, STP: 3, SNV: 2 }, { outcome: "runoff_needed", runoffCandidates: ["BDT", "STP"] }],
    ["needs a runoff between the leader and both tied for second with 4/2/2/0", election4, { BDT: 4, STP: 2, SNV: 2 }, { outcome: "runoff_needed", runoffCandidates: ["BDT", "STP", "SNV"] }],
    ["needs a runoff between the top two when the leader is short with 4/3/1", election, { SNV: 4, BDT: 3, STP: 1 }, { outcome: "runoff_needed", runoffCandidates: ["SNV", "BDT"] }],
    ["needs a runoff among everyone when every ballot is blank", election, { abstain: 8 }, { outcome: "runoff_needed", runoffCandidates: ["BDT", "STP", "SNV"] }],
  ] as const)("%s", (_name, poll, counts, expected) => {
    const result = pollResult(poll, tallyBallots(poll, votesFor(counts)), EIGHT);
    expect(result).toMatchObject({ kind: "single_choice", baseCount: 8, required: 5, ...expected });
  });

  it("does not elect a leader tied at the top even when both meet a low threshold", () => {
    const poll = makePoll({
      kind: "single_choice",
      threshold: { comparison: "gte", numerator: 1, denominator: 3 },
    });
    const result = pollResult(poll, tallyBallots(poll, votesFor({ BDT: 4, STP: 4 })), EIGHT);
    expect(result).toMatchObject({ outcome: "runoff_needed", runoffCandidates: ["BDT", "STP"] });
  });

  // One case per line, read as a table.
  // prettier-ignore
  it.each([
    ["an election won", { BDT: 6, STP: 2 }, "vi", "Trúng cử: Ban Dân tộc"],
    ["an election won, in English", { BDT: 6, STP: 2 }, "en", "Elected: Ban Dân tộc"],
    ["an election without a winner", { BDT: 3, STP: 3, SNV: 2 }, "vi", "Chưa có đơn vị đạt ngưỡng — cần bầu lại"],
    ["an election without a winner, in English", { BDT: 3, STP: 3, SNV: 2 }, "en", "No unit reached the threshold — a runoff is needed"],
  ] as const)("puts %s into words", (_name, counts, locale, words) => {
    const result = pollResult(election, tallyBallots(election, votesFor(counts)), EIGHT);
    expect(outcomeInWords(election, result, NAMES, locale)).toBe(words);
  });

  it("names a failed candidate and falls back to the code for an unnamed unit", () => {
    const ballots = times(8, choices("for", "against", "for"));
    const result = pollResult(acclamation, tallyBallots(acclamation, ballots), EIGHT);
    expect(outcomeInWords(acclamation, result, { BDT: "Ban Dân tộc" }, "en")).toBe(
      "Ban Dân tộc: Passed; STP: Not passed; SNV: Passed",
    );
  });

  it("drafts a runoff between the runoff candidates and excludes the others", () => {
    const result = pollResult(
      election4,
      tallyBallots(election4, votesFor({ BDT: 3, STP: 3, SNV: 2 })),
      EIGHT,
    );
    const runoff = runoffPoll(election4, result);
    expect(runoff).toMatchObject({
      id: "P1-r2",
      kind: "single_choice",
      state: "draft",
      round: 2,
      runoffOf: "P1",
      candidates: ["BDT", "STP"],
      excluded: ["SNV", "TTR"],
    });
    expect(pollSchema.safeParse(runoff).success).toBe(true);
    expect(validateBallot(runoff, { choice: "SNV" }, "BDT", true)).toMatchObject({
      code: BALLOT_REFUSAL.EXCLUDED_CANDIDATE,
    });
    const again = pollResult(runoff, tallyBallots(runoff, votesFor({ BDT: 4, STP: 4 })), EIGHT);
    expect(runoffPoll(runoff, again)).toMatchObject({ id: "P1-r3", round: 3, runoffOf: "P1-r2" });
  });

  it("refuses to draft a runoff for an election that was won", () => {
    const result = pollResult(election, tallyBallots(election, votesFor({ BDT: 6, STP: 2 })), EIGHT);
    expect(() => runoffPoll(election, result)).toThrow();
  });
});

describe("receipt codes", () => {
  it.each([
    ["all-zero bytes", [0, 0, 0, 0], "000-000"],
    ["all-one bytes", [255, 255, 255, 255], "ZZZ-ZZZ"],
    ["some random bytes", [0x9c, 0xed, 0x71, 0x3d], "KKP-Q2F"],
    ["the first four of a longer buffer", [1, 2, 3, 4, 5, 6], "041-061"],
  ])("turns %s into a code", (_name, bytes, code) => {
    expect(receiptCode(Uint8Array.from(bytes))).toBe(code);
  });

  it("never uses I, L, O or U", () => {
    for (let i = 0; i < 2000; i++) {
      const bytes = Uint8Array.from([i & 255, (i * 7) & 255, (i * 131) & 255, (i * 29) & 255]);
      expect(receiptCode(bytes)).toMatch(/^[0-9A-HJKMNP-TV-Z]{3}-[0-9A-HJKMNP-TV-Z]{3}$/);
    }
  });

  it("refuses fewer than four bytes", () => {
    expect(() => receiptCode(Uint8Array.from([1, 2, 3]))).toThrow(RangeError);
  });

  it.each([
    ["k7q-4mx", "K7Q-4MX"],
    ["K7Q 4MX", "K7Q-4MX"],
    ["OIL-ABC", "011-ABC"],
    ["K7Q-4MU", null],
    ["K7Q-4M", null],
  ])("reads back %s as %s", (typed, code) => {
    expect(normalizeReceiptCode(typed)).toBe(code);
  });
});
