import { randomUUID } from "node:crypto";
import { io as ioClient } from "socket.io-client";
import type { RunningServer } from "../../server/app";
import type { MeetingDefinition } from "../../shared/definition/schema";
import { EVENTS } from "../../shared/protocol/events";
import type { CastReceipt, PollCreate, PollPending, PollSyncReply, PollView } from "../../shared/protocol/polls";
import { demoDefinitionCopy, emitAck, tokenOf, type CreatedTestMeeting, type TestSocket } from "./server";

export type Refused = { ok: false; error: { code: string; message: string } };
export type Answer<T> = ({ ok: true } & T) | Refused;

/** A Socket.IO client that keeps the latest view of every poll (and, for organisers, who has not voted). */
export interface PollClient {
  socket: TestSocket;
  polls: Map<string, PollView>;
  pending: Map<string, PollPending>;
  /** Every poll:state received, in order. */
  updates: PollView[];
  close(): void;
}

/** Connects with a join link and resolves once the poll list sent on connect has arrived. */
export function joinPolls(server: RunningServer, link: string): Promise<PollClient> {
  const socket: TestSocket = ioClient(server.url, { transports: ["websocket"], auth: { token: tokenOf(link) }, reconnection: false, forceNew: true });
  const client: PollClient = { socket, polls: new Map(), pending: new Map(), updates: [], close: () => socket.disconnect() };
  const keep = (p: PollView) => {
    const held = client.polls.get(p.id);
    // Views carry a version: an older one never replaces a newer one.
    if (!held || held.version <= p.version) client.polls.set(p.id, p);
  };
  socket.on(EVENTS.POLL_STATE, (p) => {
    client.updates.push(p);
    keep(p);
  });
  socket.on(EVENTS.POLL_PENDING, (p) => client.pending.set(p.pollId, p));
  return new Promise((resolve, reject) => {
    socket.once(EVENTS.POLL_LIST, (list: PollSyncReply) => {
      list.polls.forEach(keep);
      list.pending.forEach((p) => client.pending.set(p.pollId, p));
      resolve(client);
    });
    socket.once("connect_error", reject);
  });
}

/** Resolves when the client's view of a poll satisfies `predicate` (already or later). */
export function waitForPoll(client: PollClient, pollId: string, predicate: (p: PollView) => boolean, timeoutMs = 10_000): Promise<PollView> {
  const held = client.polls.get(pollId);
  if (held && predicate(held)) return Promise.resolve(held);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.socket.off(EVENTS.POLL_STATE, onState);
      reject(new Error(`timed out waiting for poll ${pollId} (held: ${JSON.stringify(client.polls.get(pollId)?.turnout)} ${client.polls.get(pollId)?.state})`));
    }, timeoutMs);
    const onState = () => {
      const p = client.polls.get(pollId);
      if (!p || !predicate(p)) return;
      clearTimeout(timer);
      client.socket.off(EVENTS.POLL_STATE, onState);
      resolve(p);
    };
    client.socket.on(EVENTS.POLL_STATE, onState);
  });
}

/** An organiser action that must succeed; returns the poll as acknowledged. */
export async function pollAction(client: PollClient, event: string, payload: unknown): Promise<PollView> {
  const res = await emitAck<Answer<{ poll: PollView }>>(client.socket, event, payload);
  if (!res.ok) throw new Error(`${event} refused: ${res.error.code} ${res.error.message}`);
  return res.poll;
}

export const createPoll = (chair: PollClient, input: PollCreate) => pollAction(chair, EVENTS.POLL_CREATE, input);

export function cast(socket: TestSocket, pollId: string, ballot: unknown, opId: string = randomUUID()): Promise<Answer<CastReceipt>> {
  return emitAck<Answer<CastReceipt>>(socket, EVENTS.POLL_CAST, { pollId, opId, ballot });
}

export function tryAction(client: PollClient, event: string, payload: unknown): Promise<Answer<{ poll: PollView }>> {
  return emitAck<Answer<{ poll: PollView }>>(client.socket, event, payload);
}

/** Agrees the scores (copy of the cross-check) and locks the table through the scores domain's own events. */
export async function lockScoreTable(chair: PollClient): Promise<string[]> {
  for (const [event, payload] of [
    [EVENTS.SCORES_STAGE, { stage: "agreed" }],
    [EVENTS.SCORES_COPY, { from: "cross" }],
  ] as const) {
    const res = await emitAck<Answer<object>>(chair.socket, event, payload);
    if (!res.ok) throw new Error(`${event} refused: ${res.error.message}`);
  }
  const locked = await emitAck<Answer<{ ranking: string[] }>>(chair.socket, EVENTS.SCORES_LOCK, {});
  if (!locked.ok) throw new Error(`scores:lock refused: ${locked.error.message}`);
  return locked.ranking;
}

/** Marks units present by roll call (quorum), without connecting their tablets. */
export async function markPresent(chair: PollClient, units: readonly string[], mark: "present" | "absent" = "present"): Promise<void> {
  for (const unit of units) {
    const res = await emitAck<Answer<object>>(chair.socket, EVENTS.ROLLCALL_MARK, { unit, mark });
    if (!res.ok) throw new Error(`roll call refused: ${res.error.message}`);
  }
}

/** The sample cluster's eight units. */
export const SAMPLE_UNITS = ["SNGV", "BDT", "DUK", "VPDDBQH", "VPUBND", "SNV", "TTR", "STP"] as const;

/**
 * A meeting with `count` units U001…: larger than a definition may be over HTTP (60 units), so it
 * is created through the meeting service, as the demo CLI does.
 */
export async function createLargeMeeting(server: RunningServer, count: number): Promise<CreatedTestMeeting & { units: string[] }> {
  const def = demoDefinitionCopy() as unknown as MeetingDefinition;
  const units = Array.from({ length: count }, (_, i) => `U${String(i + 1).padStart(3, "0")}`);
  def.units = units.map((code, i) => ({ code, name: `Đơn vị ${i + 1}`, shortName: `ĐV ${i + 1}`, headTitle: "Giám đốc", role: i === 0 ? "head" : i === 1 ? "deputy" : "member" }));
  def.scores = [];
  const created = await server.service.create(def);
  return { ...created, units };
}
