import * as Y from "yjs";
import type { RunningServer } from "../../server/app";
import { draftJson } from "../../shared/documents/layout";
import { pledgeHash } from "../../shared/pledge/canonical";
import { draftFromJson } from "../../shared/pledge/from-json";
import { EVENTS } from "../../shared/protocol/events";
import type { PledgeSign, PledgeState } from "../../shared/protocol/pledge";
import { demoDefinitionCopy, emitAck, joinWith, tokenOf, type CreatedTestMeeting, type TestSocket } from "./server";

type Ack<T> = ({ ok: true } & T) | { ok: false; error: { code: string; message: string } };

/** The demo definition with some rules changed. */
export function definitionWithRules(rules: Record<string, unknown>) {
  const def = demoDefinitionCopy();
  Object.assign(def.rules, rules);
  return def;
}

/** The pledge state now (pledge:get), then every pledge:state until `predicate` holds. */
export async function waitForPledge(socket: TestSocket, predicate: (s: PledgeState) => boolean, timeoutMs = 5000): Promise<PledgeState> {
  let onState: ((s: PledgeState) => void) | null = null;
  const later = new Promise<PledgeState>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timed out waiting for a pledge state")), timeoutMs);
    onState = (s) => {
      if (!predicate(s)) return;
      clearTimeout(timer);
      resolve(s);
    };
    socket.on(EVENTS.PLEDGE_STATE, onState);
  });
  // When the current state already matches, nobody awaits `later`: its timeout must not surface as an unhandled rejection.
  later.catch(() => undefined);
  try {
    const now = await emitAck<Ack<{ state: PledgeState }>>(socket, EVENTS.PLEDGE_GET, {});
    if (now.ok && predicate(now.state)) return now.state;
    return await later;
  } finally {
    socket.off(EVENTS.PLEDGE_STATE, onState!);
  }
}

/** The pledge hash as a client computes it from its synced copy of the Yjs document. */
export function clientPledgeHash(doc: Y.Doc): string {
  return pledgeHash(draftFromJson(draftJson(doc)));
}

/** A signature drawn with two strokes, as a tablet would send it. */
export function signature(hash: string, overrides: Partial<PledgeSign> = {}): PledgeSign {
  const wave = Array.from({ length: 30 }, (_, i): [number, number] => [0.1 + (0.8 * i) / 29, 0.5 + 0.3 * Math.sin(i / 3)]);
  return {
    hash,
    signerName: "Nguyễn Văn Hùng",
    signerTitle: "Giám đốc",
    strokes: [wave, [[0.2, 0.85], [0.8, 0.8]]],
    opId: `op-${Math.random().toString(36).slice(2, 12)}`,
    ...overrides,
  };
}

export function sign(socket: TestSocket, payload: PledgeSign) {
  return emitAck<Ack<{ signature: { unit: string; signatureHash: string; signedAt: string }; final: boolean }>>(socket, EVENTS.PLEDGE_SIGN, payload);
}

/** Adopts (through a published adoption poll, as the polls domain announces it) and freezes; returns the text hash. */
export async function adoptAndFreeze(server: RunningServer, m: CreatedTestMeeting, chair: TestSocket): Promise<string> {
  server.ctx.events.emit("poll.published", { meetingId: m.meetingId, pollId: "poll-pledge", subject: "pledge", outcome: "adopted" });
  await waitForPledge(chair, (s) => s.stage === "adopted");
  const frozen = await emitAck<Ack<{ state: PledgeState }>>(chair, EVENTS.PLEDGE_FREEZE, {});
  if (!frozen.ok) throw new Error(`freeze refused: ${frozen.error.message}`);
  return frozen.state.textHash!;
}

/** One connected delegate per unit code. */
export async function delegatesOf(server: RunningServer, m: CreatedTestMeeting, units: string[]): Promise<Record<string, TestSocket>> {
  const out: Record<string, TestSocket> = {};
  for (const u of units) out[u] = (await joinWith(server, m.links.delegates[u]![0]!)).socket;
  return out;
}

/** GET or POST JSON against the API, with a join link's token when given. */
export async function api<T = Record<string, unknown>>(server: RunningServer, path: string, opts: { link?: string; body?: unknown; raw?: Buffer } = {}): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = {};
  if (opts.link) headers.authorization = `Bearer ${tokenOf(opts.link)}`;
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  if (opts.raw) headers["content-type"] = "application/pdf";
  const res = await fetch(`${server.url}/api${path}`, {
    method: opts.body !== undefined || opts.raw ? "POST" : "GET",
    headers,
    body: opts.raw ? new Uint8Array(opts.raw) : opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as T };
}

export async function pledgePdf(server: RunningServer, meetingId: string, link: string): Promise<Buffer> {
  const res = await fetch(`${server.url}/api/meetings/${meetingId}/pledge.pdf?token=${tokenOf(link)}`);
  if (res.status !== 200) throw new Error(`pledge.pdf: ${res.status} ${await res.text()}`);
  return Buffer.from(await res.arrayBuffer());
}
