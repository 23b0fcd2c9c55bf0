import express from "express";
import { scoresJson } from "../../shared/documents/layout";
import { formatScore, scoreTableFromJson, type ScoresDocJson, type ScoreTable } from "../../shared/scoring";
import { SCORE_LAYERS } from "../../shared/protocol/documents";
import type { MeetingDefinition } from "../../shared/definition/schema";
import type { ServerContext } from "../context";
import { requireMeetingRole, type Authed } from "../http/auth";
import type { MeetingRoom } from "../meetings/room";
import { reply, serve } from "../http/reply";
import { SCORES_JSON } from "../../shared/protocol/http/scores";

const LAYER_LABEL = { self: "Tự chấm", cross: "Cụm chấm", agreed: "Thống nhất" } as const;

/** The table as every reader sees it now, with the stage (not agreed until locked). */
export async function currentScoreTable(ctx: ServerContext, room: MeetingRoom): Promise<{ table: ScoreTable; units: ScoresDocJson }> {
  const doc = await ctx.yjs.docRoom(room, "scores");
  const units = scoresJson(doc.doc);
  return { table: scoreTableFromJson(room.definition, units), units };
}

/** A cell written from a computed number (already formatted "99,5" / "-5,0"): spreadsheets must read it as a number. */
interface NumberCell {
  number: string;
}
type Cell = string | NumberCell;

const num = (formatted: string): NumberCell => ({ number: formatted });

/** Starts a spreadsheet formula (or, for tab and CR, hides one behind the cell separator in some importers). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** What a real number looks like once formatted: optional minus, digits, optional decimal comma or point. */
const NUMERIC = /^-?\d+(?:[,.]\d+)?$/;

/**
 * One CSV cell, neutralised: text that a spreadsheet would run as a formula (a unit named "=HYPERLINK(…)",
 * "+1", "-2+3", "@SUM(…)") gets a leading apostrophe, so it is shown as the text it is. Cells built from
 * computed numbers keep their sign ("-5,0" stays a number) — but only when they are plainly numeric,
 * so nothing can pass as a number that is not one.
 */
export function csvCell(cell: Cell): string {
  let s = typeof cell === "string" ? cell : cell.number;
  const isNumber = typeof cell !== "string" && NUMERIC.test(s);
  if (!isNumber && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV with a BOM so spreadsheet programs read the Vietnamese as UTF-8; scores written "99,5". */
export function scoreTableCsv(def: MeetingDefinition, table: ScoreTable, locked: boolean): string {
  const ids = [...def.criteria.groups.map((g) => g.id), ...def.criteria.bonus.items.map((b) => b.id), ...def.criteria.deductions.map((d) => d.id)];
  const header: Cell[] = ["STT", "Mã đơn vị", "Đơn vị"];
  for (const layer of SCORE_LAYERS) header.push(...ids.map((id) => `${LAYER_LABEL[layer]} ${id}`), `${LAYER_LABEL[layer]} - Thưởng`, `${LAYER_LABEL[layer]} - Trừ`, `${LAYER_LABEL[layer]} - Tổng`);
  header.push("Xếp hạng", "Trạng thái");
  const rankOf = new Map(table.ranking.map((r) => [r.unit, r.rank]));
  const lines = [header.map(csvCell).join(",")];
  def.units.forEach((u, i) => {
    const row = table.rows.find((r) => r.unit === u.code)!;
    const cells: Cell[] = [num(String(i + 1)), u.code, u.name];
    for (const layer of SCORE_LAYERS) {
      const { values, totals } = row.layers[layer];
      const all = { ...values.groups, ...values.bonus, ...values.deductions };
      for (const id of ids) {
        const v = all[id];
        cells.push(v === undefined ? "" : num(def.criteria.groups.some((g) => g.id === id) ? formatScore(v, "vi") : String(v)));
      }
      cells.push(num(formatScore(totals.bonusTotal, "vi")), num(formatScore(totals.deductionTotal, "vi")), totals.complete ? num(formatScore(totals.total, "vi")) : "");
    }
    const rank = rankOf.get(u.code);
    cells.push(rank === undefined ? "" : num(String(rank)), locked ? "Đã thống nhất" : "CHƯA THỐNG NHẤT");
    lines.push(cells.map(csvCell).join(","));
  });
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

export function scoreRoutes(ctx: ServerContext): express.Router {
  const r = express.Router();
  const readers = requireMeetingRole(ctx.registry, ["chair", "secretary", "observer", "screen"], ctx.adminToken);

  serve(r, SCORES_JSON, readers, async (_req, res) => {
    const { room } = res.locals.authed as Authed;
    const { table } = await currentScoreTable(ctx, room);
    const state = room.scoreState;
    reply(res, SCORES_JSON, {
      meetingId: room.id,
      stage: state.stage,
      agreed: state.stage === "locked",
      lockedAt: state.lockedAt,
      snapshotHash: state.snapshotHash,
      units: table.rows.map((row) => ({
        unit: row.unit,
        name: room.definition.units.find((u) => u.code === row.unit)!.name,
        layers: row.layers,
        notes: row.notes,
      })),
      ranking: table.ranking.map(({ totals: _t, ...r }) => r),
    });
  });

  r.get("/meetings/:id/scores.csv", readers, async (_req, res) => {
    const { room } = res.locals.authed as Authed;
    const { table } = await currentScoreTable(ctx, room);
    const locked = room.scoreState.stage === "locked";
    res.setHeader("Content-Type", "text/csv; charset=utf-8");
    res.setHeader("Content-Disposition", `attachment; filename="bang-diem-${room.id}.csv"`);
    res.send(scoreTableCsv(room.definition, table, locked));
  });
  return r;
}
