import * as z from "zod/v4/mini";
import type { ScoreTableRow } from "../../scoring/table";
import type { RankedUnit } from "../../scoring/types";
import type { ScoreStage } from "../scores";
import { defineRoute, nullableEpochMs, objectOf, stringOf } from "./route";

/** The score table as a file (server/scores/export.ts): everyone but the delegates, and the admin token. */
export const SCORES_JSON = defineRoute({
  method: "GET",
  path: "/api/meetings/:id/scores.json",
  access: { kind: "link", roles: ["chair", "secretary", "observer", "screen"], admin: true },
  summary: "The score table now, every layer of every unit, and the ranking (agreed only once locked).",
  body: "none",
  get reply() {
    return z.object({
      meetingId: z.string(),
      stage: stringOf<ScoreStage>(),
      agreed: z.boolean(),
      lockedAt: nullableEpochMs(),
      snapshotHash: z.nullable(z.string()),
      units: z.array(
        z.object({
          unit: z.string(),
          name: z.string(),
          layers: objectOf<ScoreTableRow["layers"]>(),
          notes: z.record(z.string(), z.string()),
        }),
      ),
      ranking: z.array(objectOf<Omit<RankedUnit, "totals">>()),
    });
  },
  status: 200,
});
