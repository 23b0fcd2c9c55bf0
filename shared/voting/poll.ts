import { z } from "zod";
import { fractionRuleSchema, unitCodeSchema, voteBaseSchema } from "../definition/schema";

/**
 * per_candidate: for / against / abstain on each candidate (acclamation of the leading unit, awards).
 * single_choice: one unit among the candidates (election of next year's head or deputy).
 * motion:        for / against / abstain on one question (adoption of the pledge).
 */
export const pollKindSchema = z.enum(["per_candidate", "single_choice", "motion"]);
export type PollKind = z.infer<typeof pollKindSchema>;

/** open: show of hands, who chose what is known; secret: no link from unit to choice is kept. */
export const visibilitySchema = z.enum(["open", "secret"]);
export type Visibility = z.infer<typeof visibilitySchema>;

export const pollStateSchema = z.enum(["draft", "open", "closed", "published", "void"]);
export type PollState = z.infer<typeof pollStateSchema>;
export const POLL_STATES: readonly PollState[] = pollStateSchema.options;

/** Poll ids appear in URLs and journal lines; a runoff appends "-r2", "-r3"… */
export const pollIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, "a poll id is 1–64 letters, digits, _ or -");

export const pollSchema = z
  .object({
    id: pollIdSchema,
    kind: pollKindSchema,
    visibility: visibilitySchema,
    title: z.string().trim().min(1).max(300),
    /** Units on the ballot, in the order printed (score order for acclamation). Empty for a motion. */
    candidates: z.array(unitCodeSchema).max(60).default([]),
    /**
     * Units that do not stand in this poll although a voter might name them: barred from leading,
     * or dropped before a runoff. Naming one is refused with its own code, not as "unknown".
     */
    excluded: z.array(unitCodeSchema).max(60).default([]),
    /** Copied from the meeting rules when the poll is drafted; a poll may set its own. */
    threshold: fractionRuleSchema,
    base: voteBaseSchema,
    state: pollStateSchema.default("draft"),
    /** 1 for the first ballot, 2 for its runoff… */
    round: z.number().int().min(1).default(1),
    /** The poll this one re-runs between its leading candidates. */
    runoffOf: pollIdSchema.optional(),
  })
  .superRefine((poll, ctx) => {
    const issue = (path: string, message: string) =>
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
    if (poll.kind === "motion" && poll.candidates.length > 0)
      issue("candidates", "a motion has no candidates");
    if (poll.kind === "per_candidate" && poll.candidates.length < 1)
      issue("candidates", "a per-candidate poll needs at least one candidate");
    // With one candidate there is nothing to choose between: that is a per-candidate poll.
    if (poll.kind === "single_choice" && poll.candidates.length < 2)
      issue("candidates", "a single-choice poll needs at least two candidates");
    if (new Set(poll.candidates).size !== poll.candidates.length)
      issue("candidates", "a candidate is listed twice");
    const standing = new Set(poll.candidates);
    const both = poll.excluded.filter((u) => standing.has(u));
    if (both.length > 0) issue("excluded", `${both.join(", ")} cannot be both a candidate and excluded`);
  });
export type Poll = z.output<typeof pollSchema>;
export type PollInput = z.input<typeof pollSchema>;

/** The default branch of an exhaustive switch: adding a state or kind becomes a compile error here. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${String(value)}`);
}

/**
 * The poll life cycle: draft → open → closed → published, and any live state → void (with a reason,
 * recorded by the caller). A published result is never re-opened: a re-run or a runoff is a new poll
 * (see runoffPoll), so the journal keeps every ballot that was ever counted.
 */
export function canTransition(from: PollState, to: PollState): boolean {
  if (to === "void") return from !== "void";
  switch (from) {
    case "draft":
      return to === "open";
    case "open":
      return to === "closed";
    case "closed":
      return to === "published";
    case "published":
    case "void":
      return false;
    default:
      return assertNever(from);
  }
}
