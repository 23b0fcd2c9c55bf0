import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { RunningServer } from "../../server/app";
import { vietnamDay } from "../../shared/discussion/phase";
import { parseYjsRefusal } from "../../shared/protocol/documents";
import { digest, rawConnect, syncStep1, updateMessage, type RawYjs } from "../helpers/raw-yjs";
import { createMeeting, demoDefinitionCopy, joinWith, startTestServer, storedDoc, waitUntil, type CreatedTestMeeting } from "../helpers/server";
import { pledgeProposals } from "../../shared/documents/layout";

const DAY_MS = 24 * 3600_000;
let server: RunningServer;
let m: CreatedTestMeeting;
type Def = ReturnType<typeof demoDefinitionCopy> & { discussion?: { commentsOpenFrom?: string } };
let def: Def;

beforeAll(async () => {
  server = await startTestServer();
  // The conference is in a week; comments open in three days: today the draft is closed to proposals.
  def = demoDefinitionCopy() as Def;
  def.conference.date = vietnamDay(Date.now() + 7 * DAY_MS);
  def.discussion = { commentsOpenFrom: vietnamDay(Date.now() + 3 * DAY_MS) };
  m = await createMeeting(server, def);
});
afterAll(() => server.close());

/** A proposal made the way an attacker would: a Yjs update built against the stored state and sent raw. */
async function proposalUpdate(key: string, text: string): Promise<Uint8Array> {
  const base = await storedDoc(server, m.meetingId, "pledge");
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  const sv = Y.encodeStateVector(doc);
  pledgeProposals(doc).set(key, { section: 0, index: 0, text });
  return Y.encodeStateAsUpdate(doc, sv);
}

async function send(raw: RawYjs, update: Uint8Array): Promise<void> {
  raw.send(updateMessage(update));
  // The server answers a sync step 1 after the update it received before it, so the update has been decided.
  raw.send(syncStep1());
  const before = raw.bytesIn();
  await waitUntil(() => raw.bytesIn() > before || raw.closed() !== null, 5000, "the server's answer");
}

async function editDefinition(next: Def): Promise<number> {
  const res = await fetch(`${server.url}/api/meetings/${m.meetingId}/definition`, {
    method: "PUT",
    headers: { authorization: `Bearer ${server.adminToken}`, "content-type": "application/json" },
    body: JSON.stringify(next),
  });
  return res.status;
}

describe("proposals on the pledge draft before discussion.commentsOpenFrom", () => {
  it("are refused with NOT_YET and nothing stored while the phase is closed, and accepted once comments open", async () => {
    // The chair's console (a delegate's check-in would start the meeting and end its editing).
    const chair = await joinWith(server, m.links.chair);
    expect(chair.latest().phase).toBe("closed");

    const before = digest(await storedDoc(server, m.meetingId, "pledge"));
    const raw = await rawConnect(server, m.meetingId, "pledge", m.links.delegates.BDT![0]!);
    raw.send(updateMessage(await proposalUpdate("BDT:early", "Đề nghị bổ sung chỉ tiêu chuyển đổi số")));
    await waitUntil(() => raw.refusals.length > 0 || raw.closed() !== null, 5000, "a refusal");
    const refusal = parseYjsRefusal(raw.refusals[0] ?? "");
    expect(refusal?.code).toBe("NOT_YET");
    expect(refusal?.message).toMatch(/Chưa đến ngày mở góp ý/);
    const after = await storedDoc(server, m.meetingId, "pledge");
    expect(pledgeProposals(after).has("BDT:early")).toBe(false);
    expect(digest(after)).toEqual(before);
    raw.ws.close();

    // The organisers move the opening to yesterday: the same proposal is now accepted and stored.
    def.discussion = { commentsOpenFrom: vietnamDay(Date.now() - DAY_MS) };
    expect(await editDefinition(def)).toBe(200);
    const again = await rawConnect(server, m.meetingId, "pledge", m.links.delegates.BDT![1]!);
    await send(again, await proposalUpdate("BDT:c1", "Đề nghị bổ sung chỉ tiêu chuyển đổi số"));
    expect(again.refusals).toEqual([]);
    const stored = await storedDoc(server, m.meetingId, "pledge");
    expect(pledgeProposals(stored).get("BDT:c1")).toEqual({ section: 0, index: 0, text: "Đề nghị bổ sung chỉ tiêu chuyển đổi số" });
    const later = await joinWith(server, m.links.chair);
    expect(later.latest().phase).toBe("comments");
    for (const c of [chair, later]) c.socket.disconnect();
    again.ws.close();
  });
});
