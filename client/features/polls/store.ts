import type { PollPending, PollSyncReply, PollView, UnitVoted } from "../../../shared/protocol/polls";

/** What the client holds about the meeting's polls; built from poll:list / poll:sync and the live events. */
export interface PollsState {
  /** By id; a view is only ever replaced by one of the same or a higher version. */
  polls: Record<string, PollView>;
  /** Organisers: who has (not) voted, per non-draft poll. */
  pending: Record<string, PollPending>;
  /** Delegates: when their unit voted, per poll (from the server's list, or poll:voted / an ack). */
  mine: Record<string, { castAt: number; receipt: string | null }>;
  /** A first list or sync reply has arrived. */
  ready: boolean;
}

export const EMPTY_POLLS: PollsState = { polls: {}, pending: {}, mine: {}, ready: false };

export type PollsAction =
  | { type: "list"; reply: PollSyncReply }
  | { type: "state"; poll: PollView }
  | { type: "pending"; pending: PollPending }
  | { type: "voted"; voted: UnitVoted };

/**
 * Keeps the highest version of a poll. A view of the same version may still add `byUnit`
 * (sync replies carry it for open polls, the live stream never does), so that is not lost.
 */
export function keepPoll(held: PollView | undefined, next: PollView): PollView {
  if (!held) return next;
  if (next.version < held.version) return held;
  if (next.version === held.version && next.byUnit === null && held.byUnit !== null) return { ...next, byUnit: held.byUnit };
  return next;
}

export function pollsReducer(s: PollsState, a: PollsAction): PollsState {
  switch (a.type) {
    case "list": {
      // The list is every poll of the meeting: one it no longer names was removed (rehearsal:end), so it goes here too.
      const polls: typeof s.polls = {};
      for (const p of a.reply.polls) polls[p.id] = keepPoll(s.polls[p.id], p);
      const pending: typeof s.pending = {};
      for (const [id, p] of Object.entries(s.pending)) if (polls[id]) pending[id] = p;
      for (const p of a.reply.pending) if (!pending[p.pollId] || pending[p.pollId]!.version <= p.version) pending[p.pollId] = p;
      const mine: typeof s.mine = {};
      for (const m of a.reply.mine) mine[m.pollId] = { castAt: m.castAt, receipt: s.mine[m.pollId]?.receipt ?? null };
      return { polls, pending, mine, ready: true };
    }
    case "state": {
      const kept = keepPoll(s.polls[a.poll.id], a.poll);
      return kept === s.polls[a.poll.id] ? s : { ...s, polls: { ...s.polls, [a.poll.id]: kept } };
    }
    case "pending": {
      const held = s.pending[a.pending.pollId];
      if (held && held.version > a.pending.version) return s;
      return { ...s, pending: { ...s.pending, [a.pending.pollId]: a.pending } };
    }
    case "voted":
      return { ...s, mine: { ...s.mine, [a.voted.pollId]: { castAt: a.voted.castAt, receipt: a.voted.receipt } } };
  }
}

/** Oldest first, so lists read in the order the meeting held them. */
export function pollList(s: PollsState): PollView[] {
  return Object.values(s.polls).sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}

/**
 * What the big screen shows: the open poll (the latest opened), else the poll most recently
 * closed or published. Drafts and void polls are never projected.
 */
export function currentPoll(polls: readonly PollView[]): PollView | null {
  const open = polls.filter((p) => p.state === "open").sort((a, b) => (b.openedAt ?? 0) - (a.openedAt ?? 0));
  if (open[0]) return open[0];
  const done = polls
    .filter((p) => p.state === "closed" || p.state === "published")
    .sort((a, b) => Math.max(b.closedAt ?? 0, b.publishedAt ?? 0) - Math.max(a.closedAt ?? 0, a.publishedAt ?? 0));
  return done[0] ?? null;
}
