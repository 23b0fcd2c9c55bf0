import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMeeting, demoDefinitionCopy, startTestServer, tokenOf, type CreatedTestMeeting } from "../helpers/server";
import { cast, createPoll, joinPolls, lockScoreTable, pollAction, SAMPLE_UNITS, waitForPoll, type PollClient } from "../helpers/polls";
import { EVENTS } from "../../shared/protocol/events";
import type { RunningServer } from "../../server/app";

/**
 * The units acclaimed in the news item come from the published result (who passed), not from its words:
 * unit names that read like the outcome's own phrases ("…: Thông qua; …") neither add a unit that failed
 * nor drop one that passed.
 */
let server: RunningServer;
let m: CreatedTestMeeting;
const delegates = new Map<string, PollClient>();
let chair: PollClient;
// Names made to break a reading of "A: Thông qua; B: Không thông qua".
const TRICKY: Record<string, string> = {
  BDT: "Ban Dân tộc; Hội đồng: Thông qua",
  STP: "Sở Tư pháp: Không thông qua; tỉnh Thanh Hóa",
  SNV: "Sở Nội vụ tỉnh Thanh Hóa",
};

beforeAll(async () => {
  server = await startTestServer();
  const def = demoDefinitionCopy();
  for (const u of def.units) if (TRICKY[u.code]) u.name = TRICKY[u.code]!;
  m = await createMeeting(server, def);
  chair = await joinPolls(server, m.links.chair);
  for (const u of SAMPLE_UNITS) delegates.set(u, await joinPolls(server, m.links.delegates[u]![0]!));
  await lockScoreTable(chair);
  // BDT fails (everyone against), STP and SNV pass.
  const poll = await createPoll(chair, { kind: "per_candidate", visibility: "secret", subject: "ranking", title: "Suy tôn đơn vị dẫn đầu", candidates: ["BDT", "STP", "SNV"] });
  await pollAction(chair, EVENTS.POLL_OPEN, { pollId: poll.id });
  for (const u of SAMPLE_UNITS) expect(await cast(delegates.get(u)!.socket, poll.id, { choices: { BDT: "against", STP: "for", SNV: "for" } })).toMatchObject({ ok: true });
  await pollAction(chair, EVENTS.POLL_CLOSE, { pollId: poll.id });
  await pollAction(chair, EVENTS.POLL_PUBLISH, { pollId: poll.id });
  await waitForPoll(chair, poll.id, (p) => p.state === "published");
}, 60_000);
afterAll(async () => {
  for (const d of delegates.values()) d.close();
  chair.close();
  await server.close();
});

describe("the news item's acclaimed units", () => {
  it("names exactly the units that passed, whatever their names say", async () => {
    const res = await fetch(`${server.url}/api/meetings/${m.meetingId}/press.txt`, { headers: { authorization: `Bearer ${tokenOf(m.links.chair)}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    const sentence = text.split("\n").find((l) => l.includes("suy tôn"));
    expect(sentence).toBe(`Bằng hình thức bỏ phiếu kín, hội nghị đã suy tôn ${TRICKY.STP} và ${TRICKY.SNV} là các đơn vị dẫn đầu Cụm thi đua số 8 năm 2021.`);
    expect(sentence).not.toContain("Ban Dân tộc");
  });
});
