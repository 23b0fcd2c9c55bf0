import * as z from "zod/v4/mini";
import type { PollView } from "../polls";
import type { Ballot } from "../../voting/ballot";
import { defineRoute, jsonOf, objectOf, stringOf } from "./route";

/** Polls over HTTP (server/polls/routes.ts): any link of the meeting, and the admin token; results are public. */

export const POLLS = defineRoute({
  method: "GET",
  path: "/api/meetings/:id/polls",
  access: { kind: "link", roles: "any", admin: true },
  summary: "Every poll of the meeting as the caller's role may see it.",
  body: "none",
  get reply() {
    return z.object({ meetingId: z.string(), polls: z.array(objectOf<PollView>()) });
  },
  status: 200,
});

const before = () =>
  z.object({
    pollId: z.string(),
    published: z.literal(false),
    state: stringOf<PollView["state"]>(),
    turnout: objectOf<PollView["turnout"]>(),
  });

const published = () =>
  z.object({
    pollId: z.string(),
    published: z.literal(true),
    title: z.string(),
    kind: stringOf<PollView["kind"]>(),
    visibility: stringOf<PollView["visibility"]>(),
    subject: jsonOf<PollView["subject"]>(),
    state: stringOf<PollView["state"]>(),
    turnout: objectOf<PollView["turnout"]>(),
    counts: objectOf<NonNullable<PollView["counts"]>>(),
    base: jsonOf<PollView["base"]>(),
    baseCount: z.number(),
    required: z.number(),
    threshold: objectOf<PollView["threshold"]>(),
    thresholdWords: z.object({ vi: z.string(), en: z.string() }),
    result: objectOf<NonNullable<PollView["outcome"]>["result"]>(),
    outcomeWords: z.object({ vi: z.string(), en: z.string() }),
    headline: z.nullable(z.string()),
    elected: z.nullable(z.string()),
    /** Every ballot by its receipt, in receipt order: each unit finds its own. */
    receipts: z.array(z.object({ receipt: z.string(), choices: objectOf<Ballot>() })),
    /** Open (show-of-hands) polls: who chose what. */
    byUnit: z.nullable(z.record(z.string(), z.unknown())),
  });

export const POLL_RESULT = defineRoute({
  method: "GET",
  path: "/api/meetings/:id/polls/:pollId/result",
  access: { kind: "link", roles: "any", admin: true },
  summary:
    "A poll's result: state and turnout before publication; everything once published, with every ballot by its receipt.",
  body: "none",
  get reply() {
    return z.discriminatedUnion("published", [before(), published()]);
  },
  status: 200,
});
