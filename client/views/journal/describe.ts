import type { JournalEntry } from "../../../shared/journal/chain";
import type { Translate } from "../../i18n";
import { linkLabel, unitShortName, type UnitNames } from "../linkWords";
import { describeDiscussionEntry } from "../../features/discussion/journal-words";

/** What the sentences need besides the entry: unit names and the titles of the polls created so far. */
export interface DescribeContext {
  t: Translate;
  units: readonly UnitNames[];
  pollTitles: ReadonlyMap<string, string>;
}

type Data = Record<string, unknown>;
const str = (d: Data, k: string): string => (typeof d[k] === "string" ? (d[k] as string) : "");
const num = (d: Data, k: string): number => (typeof d[k] === "number" ? (d[k] as number) : 0);
const shortHash = (h: string) => h.slice(0, 12);

/** Poll ids → titles, read from the poll.created entries (their data is the poll record). */
export function pollTitlesOf(entries: readonly JournalEntry[]): Map<string, string> {
  const titles = new Map<string, string>();
  for (const e of entries) {
    const d = (e.data ?? {}) as Data;
    if (e.type === "poll.created" && str(d, "id")) titles.set(str(d, "id"), str(d, "title"));
  }
  return titles;
}

const CHOICES = new Set(["for", "against", "abstain"]);

/** An open ballot in words: "Đồng ý", "Ban Dân tộc", or "Ban Dân tộc: Đồng ý; Sở Tư pháp: Không ý kiến". */
function ballotWords(ballot: unknown, ctx: DescribeContext): string {
  const { t, units } = ctx;
  const choice = (c: unknown): string =>
    typeof c !== "string"
      ? "?"
      : CHOICES.has(c)
        ? t(`polls.choice.${c as "for" | "against" | "abstain"}`)
        : unitShortName(units, c);
  const b = (ballot ?? {}) as { choice?: unknown; choices?: Record<string, unknown> };
  if (b.choices && typeof b.choices === "object")
    return Object.entries(b.choices)
      .map(([unit, c]) => `${unitShortName(units, unit)}: ${choice(c)}`)
      .join("; ");
  return choice(b.choice);
}

/** A sentence for the common entry types; null for the others (shown as type and JSON). */
export function describeEntry(entry: JournalEntry, ctx: DescribeContext): string | null {
  const { t, units } = ctx;
  const d = (entry.data && typeof entry.data === "object" ? entry.data : {}) as Data;
  const unit = () => unitShortName(units, str(d, "unit"));
  const link = () => linkLabel(str(d, "linkId"), units, t);
  const poll = () => ctx.pollTitles.get(str(d, "pollId")) || str(d, "pollId");
  const proposal = () => ({ unit: unit(), section: num(d, "section") + 1, index: num(d, "index") + 1 });
  switch (entry.type) {
    case "meeting.created":
      return t("ev.meeting.created", {
        title: str(d, "title"),
        units: Array.isArray(d.units) ? d.units.length : 0,
        links: num(d, "links"),
      });
    case "device.joined":
      return t("ev.device.joined", { link: link() });
    case "rehearsal.started":
      return t("ev.rehearsal.started");
    case "rehearsal.ended":
      return t("ev.rehearsal.ended", {
        polls: num(d, "polls"),
        ballots: num(d, "ballots"),
        signatures: num(d, "signatures"),
        turns: num(d, "turns"),
        marks: num(d, "marks"),
      });
    case "rollcall.marked": {
      const mark = str(d, "mark");
      const key =
        mark === "present"
          ? "attendance.markPresent"
          : mark === "absent"
            ? "attendance.markAbsent"
            : "attendance.markAuto";
      return t("ev.rollcall.marked", { unit: unit(), mark: t(key) });
    }
    case "agenda.moved":
      return t("ev.agenda.moved", { n: num(d, "index") + 1, title: str(d, "title") });
    case "screen.shown": {
      const view = str(d, "view");
      const known = ["welcome", "agenda", "attendance", "scores", "poll", "pledge", "speaker", "document"] as const;
      const v = known.find((k) => k === view);
      return t("ev.screen.shown", { view: v ? t(`view.${v}`) : view });
    }
    case "scores.stage": {
      const stage = (s: string) =>
        ["closed", "self", "cross", "agreed", "locked"].includes(s)
          ? t(`scores.stage.${s as "closed" | "self" | "cross" | "agreed" | "locked"}`)
          : s;
      return t("ev.scores.stage", { from: stage(str(d, "from")), to: stage(str(d, "to")) });
    }
    case "scores.copied":
      return t("ev.scores.copied", {
        cells: num(d, "cells"),
        from: t(str(d, "from") === "self" ? "scores.layer.self" : "scores.layer.cross"),
        units: Array.isArray(d.units) ? d.units.length : 0,
      });
    case "scores.locked":
      return t("ev.scores.locked", { hash: shortHash(str(d, "snapshotHash")) });
    case "scores.unlocked":
      return t("ev.scores.unlocked", { reason: str(d, "reason") });
    case "link.revoked":
      return t("ev.link.revoked", { link: link() });
    case "link.reissued":
      return t("ev.link.reissued", { link: link(), generation: num(d, "generation") });
    case "poll.created":
      return t("ev.poll.created", {
        title: str(d, "title"),
        visibility: t(
          str(d, "visibility") === "secret" ? "polls.visibility.secret" : "polls.visibility.open",
        ),
      });
    case "poll.opened":
      return t("ev.poll.opened", { title: poll() });
    case "poll.closed":
      return t("ev.poll.closed", { title: poll() });
    case "poll.published":
      return t("ev.poll.published", { title: poll(), outcome: str(d, "headline") || str(d, "outcome") });
    case "poll.voided":
      return t("ev.poll.voided", { title: poll(), reason: str(d, "reason") });
    case "poll.ballot_cast":
      // A secret poll's entry carries no choice: only that the unit voted.
      return "ballot" in d
        ? t("ev.poll.castOpen", { unit: unit(), title: poll(), ballot: ballotWords(d.ballot, ctx) })
        : t("ev.poll.castSecret", { unit: unit(), title: poll() });
    case "pledge.adopted":
      return t(str(d, "by") === "chair" ? "ev.pledge.adoptedByChair" : "ev.pledge.adoptedByPoll");
    case "pledge.frozen":
      return t("ev.pledge.frozen", { hash: shortHash(str(d, "textHash")) });
    case "pledge.unfrozen":
      return t("ev.pledge.unfrozen", {
        reason: str(d, "reason"),
        n: Array.isArray(d.voided) ? d.voided.length : 0,
      });
    case "pledge.signed":
      return t("ev.pledge.signed", {
        signer: [str(d, "signerTitle"), str(d, "signerName")].filter(Boolean).join(" "),
        unit: unit(),
      });
    case "pledge.final":
      return t("ev.pledge.final", { n: Array.isArray(d.units) ? d.units.length : 0 });
    case "pledge.proposal.accepted":
      return t("ev.pledge.proposalAccepted", proposal());
    case "pledge.proposal.rejected":
      return t("ev.pledge.proposalRejected", proposal());
    default:
      return describeDiscussionEntry(entry.type, d, ctx);
  }
}
