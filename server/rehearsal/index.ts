import * as Y from "yjs";
import { ERROR_CODES, CLOSE_CODES } from "../../shared/protocol/errors";
import { EVENTS } from "../../shared/protocol/events";
import { REHEARSAL_ENDED, REHEARSAL_STARTED, type RehearsalRemoved } from "../../shared/protocol/rehearsal";
import { DOC_NAMES } from "../../shared/protocol/documents";
import type { ServerContext } from "../context";
import type { Domain } from "../domains";
import { DomainError } from "../errors";
import { log } from "../log";
import { actorOf, type MeetingRoom } from "../meetings/room";
import { startedBecause } from "../admin/started";
import { pollsOf } from "../polls/service";
import { discussionOf } from "../discussion/service";
import { handle, meetingChannel, type ConcordSocket } from "../realtime/context";

/** One rehearsal step of a meeting at a time in this process. */
const queues = new Map<string, Promise<unknown>>();
function oneAtATime<T>(meetingId: string, task: () => Promise<T>): Promise<T> {
  const run = (queues.get(meetingId) ?? Promise.resolve()).then(task, task);
  const tail = run.catch(() => undefined);
  queues.set(meetingId, tail);
  void tail.then(() => queues.get(meetingId) === tail && queues.delete(meetingId));
  return run;
}

/**
 * Starts a rehearsal: only before anything real has happened (the rule that also ends definition
 * edits, server/admin/started.ts). The documents' state now is kept, then the flag is set with its
 * journal entry; meeting:state.rehearsal tells every view.
 */
export async function startRehearsal(ctx: ServerContext, room: MeetingRoom, actor: string): Promise<void> {
  // Several instances would each have to drop what they hold of the meeting at the end: not built yet.
  if (ctx.store.docLog)
    throw new DomainError(
      ERROR_CODES.STORAGE_FAILED,
      "Chưa diễn tập được khi chạy nhiều máy chủ chung Redis (STORE=redis). (Rehearsal is not available in Redis mode yet.)",
    );
  await oneAtATime(room.id, async () => {
    const state = await ctx.store.getMeetingState(room.id);
    if (state?.rehearsal) throw new DomainError(ERROR_CODES.CONFLICT, "Hội nghị đang ở chế độ diễn tập. (The meeting is already in rehearsal.)");
    const why = startedBecause(await ctx.store.readJournal(room.id), room.definition);
    if (why) throw new DomainError(ERROR_CODES.MEETING_STARTED, `Không diễn tập được: ${why}. (The meeting has begun; a rehearsal is only possible before.)`);
    // The snapshot is stored before the flag that names it (a crash in between leaves an unused snapshot, never a rehearsal without one).
    const docs = await Promise.all(DOC_NAMES.map(async (name) => ({ name, snapshot: Y.encodeStateAsUpdate((await ctx.yjs.docRoom(room, name)).doc) })));
    await ctx.store.putRehearsalSnapshot(room.id, docs);
    await ctx.store.updateMeetingState(room.id, (s) => {
      if (s.rehearsal) throw new DomainError(ERROR_CODES.CONFLICT, "Hội nghị đang ở chế độ diễn tập. (The meeting is already in rehearsal.)");
      const { rehearsal: _none, ...before } = s;
      return { state: { ...s, rehearsal: { startedAt: Date.now(), actor, before } }, journal: { actor, type: REHEARSAL_STARTED, data: null } };
    });
    await ctx.registry.reload(room.id);
  });
}

/**
 * Ends a rehearsal: everything done since its start is removed through the store in one step
 * (polls, ballots, signatures, the pledge record, speaker turns and the queue, roll-call marks, the
 * agenda position and score stage, and both documents back to the snapshot), journaled with the counts.
 * Then this process forgets what it held: the documents' connections are closed with 4410 (clients
 * resync a fresh copy) and every Socket.IO connection of the meeting is asked to reconnect.
 */
export async function endRehearsal(ctx: ServerContext, room: MeetingRoom, actor: string): Promise<RehearsalRemoved> {
  return oneAtATime(room.id, async () => {
    const current = await ctx.store.getMeetingState(room.id);
    if (!current?.rehearsal) throw new DomainError(ERROR_CODES.CONFLICT, "Hội nghị không ở chế độ diễn tập. (The meeting is not in rehearsal.)");
    // Stop the documents first, so no edit lands between the purge and the drop.
    await ctx.yjs.dropMeetingDocs(room.id, CLOSE_CODES.REHEARSAL_ENDED, "rehearsal ended; resync");
    const { removed } = await ctx.store.purgeRehearsal(room.id, {
      // The state as it was at the start (roll-call marks, agenda, screen, score stage), with the marks made since counted.
      state: (s) => ({ ...(s.rehearsal?.before ?? { agendaIndex: 0, screen: "welcome", marks: {} }), rehearsal: null }),
      journal: (counts) => ({ actor, type: REHEARSAL_ENDED, data: counts }),
    });
    pollsOf(ctx).forget(room.id);
    discussionOf(ctx).forget(room.id);
    await ctx.registry.reload(room.id);
    log.info("rehearsal", "ended", { meetingId: room.id, ...removed });
    // After the chair's acknowledgement has gone out: every device reconnects and reads the clean state.
    setTimeout(() => ctx.io.in(meetingChannel(room.id)).disconnectSockets(), 50);
    return removed;
  });
}

export const rehearsalDomain: Domain = {
  name: "rehearsal",
  handlers(socket: ConcordSocket, ctx: ServerContext) {
    handle(socket, EVENTS.REHEARSAL_START, async (_input, { room, session }) => {
      await startRehearsal(ctx, room, actorOf(session));
      return {};
    });
    handle(socket, EVENTS.REHEARSAL_END, async (_input, { room, session }) => {
      const removed = await endRehearsal(ctx, room, actorOf(session));
      return { removed };
    });
  },
};
