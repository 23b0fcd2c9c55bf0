import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import * as syncProtocol from "y-protocols/sync";
import { YJS_MESSAGE } from "../../shared/protocol/yjs-messages";
import {
  connectDoc,
  createMeeting,
  startTestServer,
  storedDoc,
  waitUntil,
  type CreatedTestMeeting,
} from "../helpers/server";
import { rawConnect, syncStep1, updateMessage, type RawYjs } from "../helpers/raw-yjs";
import type { RunningServer } from "../../server/app";
import { cell, openStage, setCell } from "../helpers/scores";

let server: RunningServer;
let m: CreatedTestMeeting;
beforeAll(async () => {
  server = await startTestServer();
  m = await createMeeting(server);
  await openStage(server, m, "self");
});
afterAll(() => server.close());

/** A device's copy of the stored document, and the update one cell write on it makes. */
async function edit(
  unit: string,
  key: string,
  value: unknown,
): Promise<{ update: Uint8Array; client: number; end: number }> {
  const local = new Y.Doc();
  Y.applyUpdate(local, Y.encodeStateAsUpdate(await storedDoc(server, m.meetingId, "scores")));
  const before = Y.encodeStateVector(local);
  setCell(local, unit, "self", key, value);
  const update = Y.encodeStateAsUpdate(local, before);
  return { update, client: local.clientID, end: Y.getState(local.store, local.clientID) };
}

/** Waits for the answer to a sync request: everything the server sent before it has arrived. */
async function roundTrip(raw: RawYjs): Promise<void> {
  const before = raw.bytesIn();
  raw.send(syncStep1());
  await waitUntil(() => raw.bytesIn() > before, 5000, "the sync reply");
}

describe("acknowledgements of stored updates (YJS_MESSAGE.ACK)", () => {
  it("names each stored update by the clock it ends at, once it is in the store", async () => {
    const raw = await rawConnect(server, m.meetingId, "scores", m.links.delegates.BDT![0]!, { acks: true });
    const first = await edit("BDT", "G1", 30);
    raw.send(updateMessage(first.update));
    await waitUntil(() => raw.acks.length === 1, 5000, "the first acknowledgement");
    expect([...raw.acks[0]!]).toEqual([[first.client, first.end]]);
    expect(cell(await storedDoc(server, m.meetingId, "scores"), "BDT", "self", "G1")).toBe(30);

    const second = await edit("BDT", "G2", 15);
    raw.send(updateMessage(second.update));
    await waitUntil(() => raw.acks.length === 2, 5000, "the second acknowledgement");
    expect([...raw.acks[1]!]).toEqual([[second.client, second.end]]);
    expect(raw.refusals).toEqual([]);
    raw.ws.close();
  });

  it("acknowledges no refused update: the refusal alone answers it", async () => {
    const raw = await rawConnect(server, m.meetingId, "scores", m.links.delegates.BDT![0]!, { acks: true });
    raw.send(updateMessage((await edit("STP", "G1", 30)).update)); // another unit's row
    await waitUntil(() => raw.refusals.length === 1, 5000, "the refusal");
    const allowed = await edit("BDT", "G3", 9);
    raw.send(updateMessage(allowed.update));
    await waitUntil(() => raw.acks.length === 1, 5000, "the acknowledgement of the allowed update");
    expect([...raw.acks[0]!]).toEqual([[allowed.client, allowed.end]]);
    expect(raw.refusals[0]).toMatch(/^refused:FORBIDDEN:units\.STP\.self\.G1\n/);
    raw.ws.close();
  });

  it("sends none to a connection that did not ask (a stock y-websocket provider does not know the message)", async () => {
    const raw = await rawConnect(server, m.meetingId, "scores", m.links.delegates.BDT![0]!);
    raw.send(updateMessage((await edit("BDT", "G4", 14)).update));
    // Stored, then a round trip on the same socket: an acknowledgement would have come before its reply.
    for (
      let i = 0;
      i < 50 && cell(await storedDoc(server, m.meetingId, "scores"), "BDT", "self", "G4") !== 14;
      i++
    )
      await roundTrip(raw);
    expect(cell(await storedDoc(server, m.meetingId, "scores"), "BDT", "self", "G4")).toBe(14);
    await roundTrip(raw);
    expect(raw.acks).toEqual([]);
    expect(raw.refusals).toEqual([]);
    raw.ws.close();
  });

  it("lets the client's own connection learn that its edit is stored, without a sync probe", async () => {
    const tablet = await connectDoc(server, m.meetingId, "scores", m.links.delegates.BDT![1]!);
    const sent: Uint8Array[] = [];
    const ws = tablet.provider.ws!;
    const send = ws.send.bind(ws);
    ws.send = (data: Parameters<WebSocket["send"]>[0]) => (
      sent.push(new Uint8Array(data as ArrayBuffer)),
      send(data)
    );
    setCell(tablet.doc, "BDT", "self", "G5", 9);
    const end = Y.getState(tablet.doc.store, tablet.doc.clientID);
    await waitUntil(
      () => tablet.acks.some((a) => (a.get(tablet.doc.clientID) ?? 0) >= end),
      5000,
      "the acknowledgement",
    );
    expect(cell(await storedDoc(server, m.meetingId, "scores"), "BDT", "self", "G5")).toBe(9);
    // One message went out: the update (sync message, type update); no sync step 1 asked after it.
    expect(sent.map((b) => [b[0], b[1]])).toEqual([[YJS_MESSAGE.SYNC, syncProtocol.messageYjsUpdate]]);
    tablet.destroy();
  });

  it("tells a reconnecting client what is stored, so an acknowledgement lost with its socket costs nothing", async () => {
    const tablet = await connectDoc(server, m.meetingId, "scores", m.links.delegates.BDT![1]!);
    const ws = tablet.provider.ws!;
    setCell(tablet.doc, "BDT", "self", "G6", 4);
    const end = Y.getState(tablet.doc.store, tablet.doc.clientID);
    // The socket goes before the acknowledgement can arrive (it may still be stored: it was sent).
    ws.close();
    await waitUntil(() => tablet.provider.synced, 10_000, "reconnected and synced");
    await waitUntil(
      () => tablet.acks.some((a) => (a.get(tablet.doc.clientID) ?? 0) >= end),
      5000,
      "what the server holds, at the reconnect",
    );
    expect(cell(await storedDoc(server, m.meetingId, "scores"), "BDT", "self", "G6")).toBe(4);
    tablet.destroy();
  });
});
