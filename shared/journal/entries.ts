import { z } from "zod";
import { fractionRuleSchema, tieBreakSchema, voteBaseSchema } from "../definition/schema";
import { screenViewSchema } from "../protocol/meeting";
import { pollSubjectSchema } from "../protocol/polls";
import { roleSchema } from "../protocol/roles";
import { scoreStageSchema } from "../protocol/scores";
import { canonicalJson } from "../util/hash";
import { pollKindSchema, pollStateSchema, visibilitySchema } from "../voting/poll";
import { chainEntry, type JournalEntry, type JournalEntryBody } from "./chain";

/*
 * Every journal entry type and the exact shape of its `data`, as the server writes it. The stored
 * entry and its hash are unchanged by this module (the chain hashes the data as given); it only says,
 * in one place, what each type carries:
 * - writing: Store inputs are typed by `JournalEvent`, and `checkedChainEntry` refuses (throws, before
 *   anything is stored) data that does not match its schema exactly — a programming error;
 * - reading: `parseJournalEvent` gives the typed event, or null for an unknown type or data that does not
 *   match (an entry written by an older version): readers then show it generically (type and JSON) and
 *   never crash.
 */

const unit = z.string();
const units = z.array(unit);
const count = z.number().int().min(0);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, "a SHA-256 is 64 hex digits");
const speakKind = z.enum(["presentation", "remark"]);

const choiceCounts = { for: count, against: count, abstain: count };
const tallyTotals = { cast: count, valid: count, invalid: count };
const tallySchema = once(() =>
  z.discriminatedUnion("kind", [
    z.object({ ...tallyTotals, kind: z.literal("per_candidate"), candidates: z.record(z.object(choiceCounts)), blank: count }),
    z.object({ ...tallyTotals, kind: z.literal("single_choice"), votes: z.record(count), abstain: count }),
    z.object({ ...tallyTotals, kind: z.literal("motion"), ...choiceCounts }),
  ]),
);

/** Who was there at a poll's open or close. */
const pollAttendance = once(() => z.object({ pollId: z.string(), present: count, members: count, presentUnits: units }));
const proposal = once(() => z.object({ key: z.string(), unit, section: count, index: count, text: z.string() }));

/** A value built on first use and kept. */
function once<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}

/**
 * The table below is written with each type's schema behind a function, and read as if it were not:
 * `JOURNAL_TYPES[type].data` builds that type's schema on first read and keeps it. A server that never
 * writes or reads a type never builds its schema (idle RSS, issue 12: the ~40 schemas were ~0.35 MB of
 * heap built at start).
 */
function lazyData<const T extends Record<string, { when: string; data: () => z.ZodTypeAny }>>(
  table: T,
): { readonly [K in keyof T]: { readonly when: T[K]["when"]; readonly data: ReturnType<T[K]["data"]> } } {
  const out: Record<string, { when: string; readonly data: z.ZodTypeAny }> = {};
  for (const [type, entry] of Object.entries(table)) {
    const data = once(entry.data);
    out[type] = {
      when: entry.when,
      get data() {
        return data();
      },
    };
  }
  return out as { readonly [K in keyof T]: { readonly when: T[K]["when"]; readonly data: ReturnType<T[K]["data"]> } };
}

/**
 * The table: per type, when it is written (one line, for docs/protocol.md) and the schema of its data.
 * Adding a type here makes every exhaustive reader (the journal view, the minutes) fail to compile until
 * it handles it, and the documentation test fail until docs/protocol.md lists it.
 */
export const JOURNAL_TYPES = lazyData({
  "meeting.created": {
    when: "a meeting is created (its first entry)",
    data: () => z.object({ title: z.string(), units, links: count }),
  },
  "meeting.definition_updated": {
    when: "the organisers edit the definition before the meeting begins",
    data: () => z.object({ title: z.string(), units, removedUnits: units, addedUnits: units }),
  },
  "meeting.archived": { when: "the organisers archive the meeting", data: () => z.null() },
  "meeting.unarchived": { when: "the organisers restore an archived meeting", data: () => z.null() },
  "link.revoked": { when: "a join link is revoked", data: () => z.object({ linkId: z.string() }) },
  "link.reissued": {
    when: "a join link gets a new token (the old one stops working)",
    data: () => z.object({ linkId: z.string(), generation: z.number().int().min(1) }),
  },
  "device.joined": {
    when: "a link's first device joins (a delegate link's first join checks its unit in)",
    data: () => z.object({ linkId: z.string(), role: roleSchema, unit: unit.nullable() }),
  },
  "rollcall.marked": {
    when: "the chair marks a unit present or absent, or back to automatic",
    data: () => z.object({ unit, mark: z.enum(["present", "absent", "auto"]) }),
  },
  "agenda.moved": {
    when: "the agenda moves to another item (`title` absent for an index past the agenda)",
    data: () => z.object({ index: count, title: z.string().optional() }),
  },
  "screen.shown": { when: "the big screen switches view", data: () => z.object({ view: screenViewSchema }) },
  "scores.stage": {
    when: "the score table moves to another stage",
    data: () => z.object({ from: scoreStageSchema, to: scoreStageSchema }),
  },
  "scores.copied": {
    when: "a layer is copied into the agreed layer",
    data: () => z.object({ from: z.enum(["self", "cross"]), units, overwrite: z.boolean(), cells: count }),
  },
  "scores.locked": {
    when: "the score table is locked: the snapshot, its hash and the units present (`presentUnits` absent in locks written before it was recorded)",
    data: () => z.object({
      snapshot: z.object({
        layers: z.record(z.unknown()),
        totals: z.record(z.object({ self: z.number(), cross: z.number(), agreed: z.number() })),
        ranking: z.array(
          z.object({
            unit,
            rank: z.number().int().min(1),
            total: z.number(),
            tiedWith: units,
            decidedBy: z.union([tieBreakSchema, z.enum(["total", "bars_leading"])]).nullable(),
          }),
        ),
      }),
      snapshotHash: sha256,
      presentUnits: units.optional(),
    }),
  },
  "scores.unlocked": {
    when: "the score table is unlocked, with a reason",
    data: () => z.object({ reason: z.string(), previousSnapshotHash: sha256.nullable() }),
  },
  "poll.created": {
    when: "a poll (or a runoff) is drafted: the poll record as created",
    data: () => z.object({
      id: z.string(),
      kind: pollKindSchema,
      visibility: visibilitySchema,
      title: z.string(),
      candidates: units,
      excluded: units,
      threshold: fractionRuleSchema,
      base: voteBaseSchema,
      state: pollStateSchema,
      round: z.number().int().min(1),
      runoffOf: z.string().optional(),
      subject: pollSubjectSchema,
      openedAt: z.number().nullable(),
      closedAt: z.number().nullable(),
      publishedAt: z.number().nullable(),
      voidedAt: z.number().nullable(),
      voidReason: z.string().nullable(),
      membersAtClose: count.nullable(),
      presentAtClose: count.nullable(),
      presentUnitsAtOpen: units.nullable(),
      presentUnitsAtClose: units.nullable(),
    }),
  },
  "poll.opened": { when: "a poll opens: the units present then", data: () => pollAttendance() },
  "poll.closed": { when: "a poll closes: the units present then (the base of `present`)", data: () => pollAttendance() },
  "poll.published": {
    when: "a poll's result is published: the outcome in words, the headline and the counts",
    data: () => z.object({ pollId: z.string(), outcome: z.string(), headline: z.string().nullable(), counts: tallySchema() }),
  },
  "poll.voided": { when: "a poll is voided, with a reason", data: () => z.object({ pollId: z.string(), reason: z.string() }) },
  "poll.ballot_cast": {
    when: "a unit's ballot is accepted: an open poll's entry also carries the ballot and its receipt, a secret poll's only that the unit voted",
    // Strict members: a secret poll's entry must never carry a choice.
    data: () => z.union([
      z.object({ pollId: z.string(), unit, ballot: z.unknown(), receipt: z.string() }).strict(),
      z.object({ pollId: z.string(), unit }).strict(),
    ]),
  },
  "pledge.adopted": {
    when: "the pledge is adopted, by the chair or by a poll (`pollId`); the draft's hash",
    data: () => z.object({ by: z.enum(["chair", "poll"]), pollId: z.string().optional(), draftHash: sha256 }),
  },
  "pledge.frozen": { when: "the pledge text is frozen: its canonical text's hash", data: () => z.object({ textHash: sha256 }) },
  "pledge.unfrozen": {
    when: "the pledge is unfrozen, with a reason: the old hash and the units whose signatures were voided",
    data: () => z.object({ reason: z.string(), textHash: sha256.nullable(), voided: units }),
  },
  "pledge.signed": {
    when: "a unit signs the pledge (the strokes stay in the signature record)",
    data: () => z.object({
      unit,
      signerName: z.string(),
      signerTitle: z.string(),
      onBehalf: z.object({ representedTitle: z.string() }).nullable(),
      signedAt: z.string(),
      textHash: sha256,
      signatureHash: sha256,
    }),
  },
  "pledge.final": { when: "the last unit signed: the pledge is final", data: () => z.object({ textHash: sha256, units }) },
  "pledge.proposal.accepted": { when: "the chair accepts a delegate's proposal into the draft", data: () => proposal() },
  "pledge.proposal.rejected": { when: "the chair rejects a delegate's proposal", data: () => proposal() },
  "speak.requested": {
    when: "a delegate asks for the floor",
    data: () => z.object({ requestId: z.string(), unit, kind: speakKind, note: z.string().nullable(), name: z.string().nullable() }),
  },
  "speak.withdrawn": { when: "a delegate withdraws its request", data: () => z.object({ requestId: z.string(), unit }) },
  "speak.given": {
    when: "the chair gives the floor: the limit and the agenda item",
    data: () => z.object({
      requestId: z.string(),
      unit,
      kind: speakKind,
      note: z.string().optional(),
      name: z.string().optional(),
      startedAt: z.number(),
      limitS: count,
      agendaIndex: count,
    }),
  },
  "speak.ended": {
    when: "a turn ends (also stored in `speaker_turns`)",
    data: () => z.object({
      requestId: z.string(),
      unit,
      kind: speakKind,
      agendaIndex: count,
      startedAt: z.number(),
      endedAt: z.number(),
      // Whole seconds; not bounded below: the start and the end may come from two instances' clocks.
      durationS: z.number().int(),
      limitS: count,
    }),
  },
  "speak.reordered": { when: "the chair reorders the waiting requests", data: () => z.object({ order: z.array(z.string()) }) },
  "document.attached": {
    when: "a PDF is attached to the meeting",
    data: () => z.object({ docId: z.string(), title: z.string(), sha256, bytes: count, pages: count, agendaIndex: count.nullable() }),
  },
  "document.shown": {
    when: "a document's page goes on the big screen, or off it (`docId: null`)",
    data: () => z.union([z.object({ docId: z.string(), page: z.number().int().min(1), sha256 }).strict(), z.object({ docId: z.null() }).strict()]),
  },
  "invitations.issued": {
    when: "the invitations with every unit's join links are printed",
    data: () => z.object({ units: z.array(z.object({ unit, links: count })) }),
  },
  "rehearsal.started": { when: "a rehearsal starts: entries up to `rehearsal.ended` are its window", data: () => z.null() },
  "rehearsal.ended": {
    when: "a rehearsal ends: what it removed",
    data: () => z.object({ polls: count, ballots: count, signatures: count, turns: count, docUpdates: count, marks: count }),
  },
});

export type JournalType = keyof typeof JOURNAL_TYPES;
export type JournalData<T extends JournalType> = z.infer<(typeof JOURNAL_TYPES)[T]["data"]>;

/** One entry's type and data, discriminated by `type`: a switch over it can be exhaustive. */
export type JournalEvent = { [T in JournalType]: { type: T; data: JournalData<T> } }[JournalType];
export type JournalEventOf<T extends JournalType> = Extract<JournalEvent, { type: T }>;

export const JOURNAL_TYPE_NAMES = Object.keys(JOURNAL_TYPES) as JournalType[];

export function isJournalType(type: string): type is JournalType {
  return Object.prototype.hasOwnProperty.call(JOURNAL_TYPES, type);
}

/**
 * Reads an entry as its typed event; null for a type this version does not know or data that does not
 * match its schema (show such an entry generically). Keys the schema does not name are dropped from the
 * returned data; the entry itself (and its hash) is untouched.
 */
export function parseJournalEvent(type: string, data: unknown): JournalEvent | null {
  if (!isJournalType(type)) return null;
  const parsed = JOURNAL_TYPES[type].data.safeParse(data);
  return parsed.success ? ({ type, data: parsed.data } as JournalEvent) : null;
}

/** Why this data may not be written under this type; null when it matches its schema exactly. */
export function journalDataProblem(type: string, data: unknown): string | null {
  if (!isJournalType(type)) return `unknown journal entry type "${type}"`;
  const parsed = JOURNAL_TYPES[type].data.safeParse(data);
  if (!parsed.success) return parsed.error.issues.map((i) => `${i.path.join(".") || "data"}: ${i.message}`).join("; ");
  // A key the schema does not name would be stored and hashed but never documented or read.
  if (canonicalJson(parsed.data) !== canonicalJson(data)) return "data carries a field its schema does not name";
  return null;
}

/** Thrown before anything is stored when a writer's entry does not match its schema (a programming error). */
export class JournalSchemaError extends Error {
  constructor(type: string, problem: string) {
    super(`journal entry ${type}: ${problem}`);
    this.name = "JournalSchemaError";
  }
}

/** chainEntry for a new entry: the data is checked against its type's schema first (stores call this on append). */
export function checkedChainEntry(prevHash: string, body: JournalEntryBody): JournalEntry {
  const problem = journalDataProblem(body.type, body.data);
  if (problem) throw new JournalSchemaError(body.type, problem);
  return chainEntry(prevHash, body);
}
