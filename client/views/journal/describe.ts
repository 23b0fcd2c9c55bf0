import type { JournalEntry } from "../../../shared/journal/chain";
import { parseJournalEvent, type JournalEvent, type JournalEventOf } from "../../../shared/journal/entries";
import { assertNever } from "../../../shared/voting/poll";
import type { Translate } from "../../i18n";
import { linkLabel, unitShortName, type UnitNames } from "../linkWords";
import { describeDiscussionEntry } from "../../features/discussion/journal-words";

/** What the sentences need besides the entry: unit names and the titles of the polls created so far. */
export interface DescribeContext {
  t: Translate;
  units: readonly UnitNames[];
  pollTitles: ReadonlyMap<string, string>;
}

const shortHash = (h: string | null) => (h ?? "").slice(0, 12);

/** Poll ids → titles, read from the poll.created entries (their data is the poll record). */
export function pollTitlesOf(entries: readonly JournalEntry[]): Map<string, string> {
  const titles = new Map<string, string>();
  for (const e of entries) {
    const event = e.type === "poll.created" ? parseJournalEvent(e.type, e.data) : null;
    if (event?.type === "poll.created") titles.set(event.data.id, event.data.title);
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

/**
 * A sentence for the entry; null for an entry this version cannot read — an unknown type, or data that
 * does not match its type's schema (an older version's entry) — which the table shows as type and JSON.
 */
export function describeEntry(entry: JournalEntry, ctx: DescribeContext): string | null {
  const event = parseJournalEvent(entry.type, entry.data);
  return event ? describeEvent(event, ctx) : null;
}

/** Every entry type has its sentence: a type added to the table without one does not compile (assertNever). */
export function describeEvent(e: JournalEvent, ctx: DescribeContext): string {
  const { t, units } = ctx;
  const unit = (code: string | null) => unitShortName(units, code ?? "");
  const link = (linkId: string) => linkLabel(linkId, units, t);
  const poll = (pollId: string) => ctx.pollTitles.get(pollId) || pollId;
  const proposal = (d: JournalEventOf<"pledge.proposal.accepted">["data"]) => ({ unit: unit(d.unit), section: d.section + 1, index: d.index + 1 });
  switch (e.type) {
    case "meeting.created":
      return t("ev.meeting.created", { title: e.data.title, units: e.data.units.length, links: e.data.links });
    case "meeting.definition_updated":
      return t("ev.meeting.definitionUpdated", {
        title: e.data.title,
        units: e.data.units.length,
        removed: e.data.removedUnits.length,
        added: e.data.addedUnits.length,
      });
    case "meeting.archived":
      return t("ev.meeting.archived");
    case "meeting.unarchived":
      return t("ev.meeting.unarchived");
    case "device.joined":
      return t("ev.device.joined", { link: link(e.data.linkId) });
    case "rehearsal.started":
      return t("ev.rehearsal.started");
    case "rehearsal.ended":
      return t("ev.rehearsal.ended", {
        polls: e.data.polls,
        ballots: e.data.ballots,
        signatures: e.data.signatures,
        turns: e.data.turns,
        marks: e.data.marks,
      });
    case "rollcall.marked": {
      const mark = e.data.mark;
      const key = mark === "present" ? "attendance.markPresent" : mark === "absent" ? "attendance.markAbsent" : "attendance.markAuto";
      return t("ev.rollcall.marked", { unit: unit(e.data.unit), mark: t(key) });
    }
    case "agenda.moved":
      return t("ev.agenda.moved", { n: e.data.index + 1, title: e.data.title ?? "" });
    case "screen.shown":
      return t("ev.screen.shown", { view: t(`view.${e.data.view}`) });
    case "scores.stage": {
      const stage = (s: typeof e.data.from) => t(`scores.stage.${s}`);
      return t("ev.scores.stage", { from: stage(e.data.from), to: stage(e.data.to) });
    }
    case "scores.copied":
      return t("ev.scores.copied", {
        cells: e.data.cells,
        from: t(e.data.from === "self" ? "scores.layer.self" : "scores.layer.cross"),
        units: e.data.units.length,
      });
    case "scores.locked":
      return t("ev.scores.locked", { hash: shortHash(e.data.snapshotHash) });
    case "scores.unlocked":
      return t("ev.scores.unlocked", { reason: e.data.reason });
    case "link.revoked":
      return t("ev.link.revoked", { link: link(e.data.linkId) });
    case "link.reissued":
      return t("ev.link.reissued", { link: link(e.data.linkId), generation: e.data.generation });
    case "poll.created":
      return t("ev.poll.created", {
        title: e.data.title,
        visibility: t(e.data.visibility === "secret" ? "polls.visibility.secret" : "polls.visibility.open"),
      });
    case "poll.opened":
      return t("ev.poll.opened", { title: poll(e.data.pollId) });
    case "poll.closed":
      return t("ev.poll.closed", { title: poll(e.data.pollId) });
    case "poll.published":
      return t("ev.poll.published", { title: poll(e.data.pollId), outcome: e.data.headline || e.data.outcome });
    case "poll.voided":
      return t("ev.poll.voided", { title: poll(e.data.pollId), reason: e.data.reason });
    case "poll.ballot_cast":
      // A secret poll's entry carries no choice: only that the unit voted.
      return "receipt" in e.data
        ? t("ev.poll.castOpen", { unit: unit(e.data.unit), title: poll(e.data.pollId), ballot: ballotWords(e.data.ballot, ctx) })
        : t("ev.poll.castSecret", { unit: unit(e.data.unit), title: poll(e.data.pollId) });
    case "pledge.adopted":
      return t(e.data.by === "chair" ? "ev.pledge.adoptedByChair" : "ev.pledge.adoptedByPoll");
    case "pledge.frozen":
      return t("ev.pledge.frozen", { hash: shortHash(e.data.textHash) });
    case "pledge.unfrozen":
      return t("ev.pledge.unfrozen", { reason: e.data.reason, n: e.data.voided.length });
    case "pledge.signed":
      return t("ev.pledge.signed", {
        signer: [e.data.signerTitle, e.data.signerName].filter(Boolean).join(" "),
        unit: unit(e.data.unit),
      });
    case "pledge.final":
      return t("ev.pledge.final", { n: e.data.units.length });
    case "pledge.proposal.accepted":
      return t("ev.pledge.proposalAccepted", proposal(e.data));
    case "pledge.proposal.rejected":
      return t("ev.pledge.proposalRejected", proposal(e.data));
    case "speak.requested":
    case "speak.withdrawn":
    case "speak.reordered":
    case "speak.given":
    case "speak.ended":
    case "document.attached":
    case "document.shown":
    case "invitations.issued":
      return describeDiscussionEntry(e, ctx);
    default:
      return assertNever(e);
  }
}
