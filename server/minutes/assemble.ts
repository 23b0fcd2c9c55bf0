import type { MinutesPdfInput } from "../pdf/types";
import type { MeetingDefinition } from "../../shared/definition/schema";
import { outsideRehearsal } from "../../shared/protocol/rehearsal";
import type { ServerContext } from "../context";
import type { MeetingRoom } from "../meetings/room";
import { currentScoreTable } from "../scores/export";
import { publishedPolls } from "../polls/results";
import { pledgeSummary } from "../pledge/read";
import { minutesAttendance } from "./attendance";
import { discussionSummary, minutesDiscussion } from "../discussion/summary";

const ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"];

/**
 * Gathers what the minutes (biên bản hội nghị) print from every domain: attendance, the agreed
 * score table and ranking, each published poll, the elected head and deputy, the pledge reference
 * and the journal head. The minutes are a draft until the pledge is final.
 */
export async function minutesInput(ctx: ServerContext, room: MeetingRoom): Promise<MinutesPdfInput> {
  const def = room.definition;
  const nameOf = (code: string) => def.units.find((u) => u.code === code)?.name ?? code;
  const [{ table }, polls, pledge, journal] = await Promise.all([currentScoreTable(ctx, room), publishedPolls(ctx, room.id), pledgeSummary(ctx, room.id), ctx.store.readJournal(room.id).then(outsideRehearsal)]);
  const rankOf = new Map(table.ranking.map((r) => [r.unit, r.rank]));
  const electedFor = (subject: "head" | "deputy") => [...polls].reverse().find((p) => p.subject === subject && p.elected)?.elected?.name;
  const head = electedFor("head");
  const deputy = electedFor("deputy");

  return {
    header: { left: def.pledge.header.left, right: def.pledge.header.right, placeDate: def.pledge.header.placeDate },
    cluster: { name: def.cluster.name, province: def.cluster.province, year: def.cluster.year },
    conference: def.conference,
    attendance: minutesAttendance(room, journal, polls),
    scores: {
      groups: def.criteria.groups.map((g, i) => ({ id: g.id, label: ROMAN[i] ?? g.id, name: g.name, max: g.max })),
      rows: table.rows.map((row) => {
        const t = row.layers.agreed.totals;
        return { unitName: nameOf(row.unit), groups: t.groups, bonus: t.bonusTotal, deduction: t.deductionTotal, total: t.total, rank: rankOf.get(row.unit) ?? def.units.length };
      }),
    },
    polls: polls.map((p) => p.minutes),
    elected: head ? { year: def.cluster.year + 1, head, deputy } : undefined,
    pledge: pledge?.textHash ? { textHash: pledge.textHash, signedCount: pledge.signedCount, unitCount: pledge.unitCount } : undefined,
    discussion: minutesDiscussion(await discussionSummary(ctx, room)),
    journalHead: room.snapshot().journalHead.hash,
    ...signatoriesOf(def),
    draft: pledge?.state !== "final" || room.scoreState.stage !== "locked",
  };
}

/** The names and titles printed under the minutes' signature blocks, from the definition (absent: none). */
export function signatoriesOf(def: MeetingDefinition): Pick<MinutesPdfInput, "chairName" | "chairTitle" | "secretaryName" | "secretaryTitle"> {
  const { chair, secretary } = def.signatories ?? {};
  return {
    ...(chair ? { chairName: chair.name, ...(chair.title ? { chairTitle: chair.title } : {}) } : {}),
    ...(secretary ? { secretaryName: secretary.name, ...(secretary.title ? { secretaryTitle: secretary.title } : {}) } : {}),
  };
}
