import * as z from "zod/v4/mini";
import type { JournalEntry } from "../../journal/chain";
import { defineRoute, sha256Hex } from "./route";

/** One journal entry as stored (shared/journal/chain.ts): extra fields pass through untouched, so the hash chain still checks. */
const journalEntryParts = () =>
  z.looseObject({
    seq: z.number(),
    ts: z.number(),
    actor: z.string(),
    type: z.string(),
    prevHash: z.string(),
    hash: sha256Hex(),
  });
const journalEntry = () => {
  const parts = journalEntryParts();
  return z.custom<JournalEntry>((v) => parts.safeParse(v).success && "data" in (v as object));
};

export const JOURNAL = defineRoute({
  method: "GET",
  path: "/api/meetings/:id/journal",
  access: { kind: "link", roles: ["chair", "secretary"], admin: true },
  summary: "The meeting's hash-chained journal, as `npm run verify-journal` reads it.",
  body: "none",
  get reply() {
    return z.object({ meetingId: z.string(), entries: z.array(journalEntry()) });
  },
  status: 200,
});
