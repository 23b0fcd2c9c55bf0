import WebSocket from "ws";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import * as syncProtocol from "y-protocols/sync";
import type { RunningServer } from "../../server/app";
import { YJS_MESSAGE } from "../../shared/protocol/yjs-messages";
import { docClients } from "../../shared/documents/layout";
import { tokenOf, waitUntil } from "./server";

/**
 * A Yjs connection the way an attacker makes one: a raw `ws` socket speaking y-websocket bytes,
 * with no provider to tidy up what it sends.
 */
export interface RawYjs {
  ws: WebSocket;
  /** Reasons of permission-denied messages. */
  refusals: string[];
  /** Awareness updates received (the inner update bytes). */
  awareness: Uint8Array[];
  /** Acknowledgements received (with `acks`): per client id, the clock a stored update ends at. */
  acks: Map<number, number>[];
  /** Bytes the server sent on this socket. */
  bytesIn: () => number;
  /** Close code once closed (null while open). */
  closed: () => number | null;
  send(bytes: Uint8Array): void;
}

export async function rawConnect(server: RunningServer, meetingId: string, docName: "scores" | "pledge", link: string, opts: { acks?: boolean } = {}): Promise<RawYjs> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/yjs/${meetingId}/${docName}?token=${tokenOf(link)}${opts.acks ? "&acks=1" : ""}`);
  ws.binaryType = "arraybuffer";
  const refusals: string[] = [];
  const awareness: Uint8Array[] = [];
  const acks: Map<number, number>[] = [];
  let bytes = 0;
  let gotSync = false;
  let code: number | null = null;
  ws.on("message", (data: ArrayBuffer) => {
    const m = new Uint8Array(data);
    bytes += m.length;
    const d = decoding.createDecoder(m);
    const type = decoding.readVarUint(d);
    if (type === YJS_MESSAGE.SYNC) gotSync = true;
    if (type === YJS_MESSAGE.AWARENESS) awareness.push(decoding.readVarUint8Array(d));
    if (type === YJS_MESSAGE.ACK) acks.push(Y.decodeStateVector(decoding.readVarUint8Array(d)));
    if (type === YJS_MESSAGE.AUTH) {
      decoding.readVarUint(d);
      refusals.push(decoding.readVarString(d));
    }
  });
  ws.on("close", (c) => (code = c));
  ws.on("error", () => undefined);
  await waitUntil(() => gotSync || code !== null, 5000, "the server's sync step 1");
  return {
    ws,
    refusals,
    awareness,
    acks,
    bytesIn: () => bytes,
    closed: () => code,
    send: (b) => {
      if (ws.readyState === ws.OPEN) ws.send(b);
    },
  };
}

export const syncStep1 = (stateVector: Uint8Array = new Uint8Array([0])) =>
  encoding.encode((e) => {
    encoding.writeVarUint(e, YJS_MESSAGE.SYNC);
    encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep1);
    encoding.writeVarUint8Array(e, stateVector);
  });

export const updateMessage = (update: Uint8Array) =>
  encoding.encode((e) => {
    encoding.writeVarUint(e, YJS_MESSAGE.SYNC);
    encoding.writeVarUint(e, syncProtocol.messageYjsUpdate);
    encoding.writeVarUint8Array(e, update);
  });

export const awarenessMessage = (entries: { id: number; clock: number; state: unknown }[]) =>
  encoding.encode((e) => {
    encoding.writeVarUint(e, YJS_MESSAGE.AWARENESS);
    encoding.writeVarUint8Array(
      e,
      encoding.encode((inner) => {
        encoding.writeVarUint(inner, entries.length);
        for (const x of entries) {
          encoding.writeVarUint(inner, x.id);
          encoding.writeVarUint(inner, x.clock);
          encoding.writeVarString(inner, JSON.stringify(x.state));
        }
      }),
    );
  });

/**
 * A v1 update made only of content-less structs: for each client id one GC struct (info 0) or one
 * skip struct (info 10) of `length` clocks from clock 0, and an empty delete set.
 */
export function contentlessUpdate(clientIds: number[], kind: "gc" | "skip" = "gc", length = 1): Uint8Array {
  return encoding.encode((e) => {
    encoding.writeVarUint(e, clientIds.length);
    for (const id of clientIds) {
      encoding.writeVarUint(e, 1); // one struct
      encoding.writeVarUint(e, id);
      encoding.writeVarUint(e, 0); // from clock 0
      encoding.writeUint8(e, kind === "gc" ? 0 : 10);
      encoding.writeVarUint(e, length);
    }
    encoding.writeVarUint(e, 0); // delete set: no clients
  });
}

/** Distinct client ids no document has seen (random 30-bit, as Yjs picks them). */
export function freshClientIds(n: number, seed = 1): number[] {
  const ids = new Set<number>();
  let x = seed * 2654435761;
  while (ids.size < n) {
    x = (Math.imul(x ^ (x >>> 15), 2246822507) + 0x9e3779b9) >>> 0;
    ids.add((x & 0x3fffffff) | 0x20000000);
  }
  return [...ids];
}

/** Everything the store holds for a document: its encoded state, the `clients` map and its state vector. */
export function digest(doc: Y.Doc): { state: number[]; clients: string[]; sv: [number, number][] } {
  return {
    state: [...Y.encodeStateAsUpdate(doc)],
    clients: [...docClients(doc).keys()].sort(),
    sv: [...Y.decodeStateVector(Y.encodeStateVector(doc)).entries()].sort((a, b) => a[0] - b[0]),
  };
}
