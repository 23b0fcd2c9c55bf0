import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { canWriteScoreCell } from "../../shared/scoring/can-write";
import { scoresPolicy } from "../../server/yjs/policy";
import { canWrite } from "../../client/features/scores/doc";
import { meetingDefinitionSchema } from "../../shared/definition/schema";
import { ALL_ROLES, type Role } from "../../shared/protocol/roles";
import { scoreStageSchema, type ScoreStage } from "../../shared/protocol/scores";
import type { SessionInfo } from "../../shared/protocol/meeting";
import demo from "../../shared/definition/demo-cum8-2021.json";

// The demo meeting: BDT is cross-checked by SNGV and cross-checks DUK.
const definition = meetingDefinitionSchema.parse(demo);
const who = (role: Role, unit: string | null = null) => ({ role, unit });

describe("who may write a score cell (shared/scoring/can-write.ts)", () => {
  // prettier-ignore
  it.each<[string, { role: Role; unit: string | null }, ScoreStage, string, string, string]>([
    ["a delegate, its own self layer in stage self",        who("delegate", "BDT"), "self",   "BDT",  "self",   "ok"],
    ["a delegate, its own self layer in stage cross",       who("delegate", "BDT"), "cross",  "BDT",  "self",   "NOT_OPEN"],
    ["a delegate, its own self layer before the opening",   who("delegate", "BDT"), "closed", "BDT",  "self",   "NOT_OPEN"],
    ["a delegate, another unit's self layer",               who("delegate", "BDT"), "self",   "STP",  "self",   "FORBIDDEN"],
    ["a delegate, the cross layer of the unit it checks",   who("delegate", "BDT"), "cross",  "DUK",  "cross",  "ok"],
    ["a delegate, that cross layer in stage self",          who("delegate", "BDT"), "self",   "DUK",  "cross",  "NOT_OPEN"],
    ["a delegate, the cross layer of a unit it does not check", who("delegate", "BDT"), "cross", "SNGV", "cross", "FORBIDDEN"],
    ["a delegate, its own cross layer",                     who("delegate", "BDT"), "cross",  "BDT",  "cross",  "FORBIDDEN"],
    ["a delegate, the agreed layer",                        who("delegate", "BDT"), "agreed", "BDT",  "agreed", "FORBIDDEN"],
    ["a delegate, the notes",                               who("delegate", "BDT"), "self",   "BDT",  "notes",  "FORBIDDEN"],
    ["the chair, the agreed layer before any stage",        who("chair"),           "closed", "BDT",  "agreed", "ok"],
    ["the chair, the agreed layer in stage self",           who("chair"),           "self",   "STP",  "agreed", "ok"],
    ["the secretary, the agreed layer in stage agreed",     who("secretary"),       "agreed", "BDT",  "agreed", "ok"],
    ["the chair, a self layer",                             who("chair"),           "self",   "BDT",  "self",   "FORBIDDEN"],
    ["the secretary, the notes in stage cross",             who("secretary"),       "cross",  "BDT",  "notes",  "ok"],
    ["the chair, the agreed layer after the lock",          who("chair"),           "locked", "BDT",  "agreed", "LOCKED"],
    ["the chair, the notes after the lock",                 who("chair"),           "locked", "BDT",  "notes",  "LOCKED"],
    ["a delegate, its own self layer after the lock",       who("delegate", "BDT"), "locked", "BDT",  "self",   "LOCKED"],
    ["the big screen, the agreed layer",                    who("screen"),          "agreed", "BDT",  "agreed", "FORBIDDEN"],
    ["a follower, a self layer",                            who("observer"),        "self",   "BDT",  "self",   "FORBIDDEN"],
    ["anyone, a unit not in the definition",                who("chair"),           "agreed", "EVIL", "agreed", "STRUCTURE"],
    ["anyone, a layer that does not exist",                 who("chair"),           "agreed", "BDT",  "evil",   "STRUCTURE"],
  ])("%s", (_name, session, stage, unit, layer, expected) => {
    const verdict = canWriteScoreCell(session, definition, stage, unit, layer);
    expect(verdict.ok ? "ok" : verdict.code).toBe(expected);
  });

  it("is the rule the server's policy and the tablet's optimistic check both run, for every role, stage, unit and layer", () => {
    const doc = new Y.Doc();
    const disagreements: string[] = [];
    const sessions = ALL_ROLES.flatMap<SessionInfo>((role) =>
      role === "delegate"
        ? definition.units.map((u) => ({
            meetingId: "m",
            role,
            unit: u.code,
            linkId: `delegate-${u.code}-1`,
            label: u.code,
          }))
        : [{ meetingId: "m", role, unit: null, linkId: role, label: role }],
    );
    for (const session of sessions)
      for (const stage of scoreStageSchema.options)
        for (const unit of definition.units.map((u) => u.code))
          for (const layer of ["self", "cross", "agreed", "notes"] as const) {
            const rule = canWriteScoreCell(session, definition, stage, unit, layer);
            // Clearing a cell: the value rule has nothing to say, only who may write where.
            const server = scoresPolicy(
              { session, definition, doc, metaBefore: { stage }, phase: "day" },
              { path: ["units", unit, layer], key: "G1", value: undefined, kind: "map" },
            );
            const client = canWrite(definition, session, stage, unit, layer);
            const name = `${session.role} ${session.unit ?? ""} ${stage} ${unit}.${layer}`;
            if (rule.ok !== server.ok || (!rule.ok && !server.ok && rule.code !== server.code))
              disagreements.push(`server: ${name}`);
            if (rule.ok !== client) disagreements.push(`client: ${name}`);
          }
    expect(disagreements).toEqual([]);
  });
});
