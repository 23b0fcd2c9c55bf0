import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMeeting, emitAck, joinWith, startTestServer, tokenOf, waitForState, type CreatedTestMeeting } from "../helpers/server";
import type { RunningServer } from "../../server/app";
import { EVENTS } from "../../shared/protocol/events";
import { verifyJournal, type JournalEntry } from "../../shared/journal/chain";

let server: RunningServer & { dataDir: string };
let m: CreatedTestMeeting;
beforeAll(async () => {
  server = await startTestServer();
  m = await createMeeting(server);
});
afterAll(() => server.close());

async function journal(): Promise<JournalEntry[]> {
  const res = await fetch(`${server.url}/api/meetings/${m.meetingId}/journal`, { headers: { authorization: `Bearer ${tokenOf(m.links.chair)}` } });
  const body = (await res.json()) as { entries: JournalEntry[] };
  return body.entries;
}

describe("organiser actions sent in parallel", () => {
  it("applies 60 roll-call marks sent at once, each in the order it was sent", async () => {
    const chair = await joinWith(server, m.links.chair);
    const units = m.all.filter((l) => l.role === "delegate").map((l) => l.unit!).filter((u, i, a) => a.indexOf(u) === i);
    // 60 marks over the units, each unit flipping several times; the last one sent must win.
    const marks = Array.from({ length: 60 }, (_, i) => ({ unit: units[i % units.length]!, mark: (i * 7) % 3 === 0 ? "absent" : "present" }) as const);
    const acks = await Promise.all(marks.map((mk) => emitAck(chair.socket, EVENTS.ROLLCALL_MARK, mk)));
    expect(acks.every((a) => (a as { ok: boolean }).ok)).toBe(true);

    const last = new Map<string, string>();
    for (const mk of marks) last.set(mk.unit, mk.mark);
    const state = await waitForState(chair, (s) => s.attendance.every((a) => a.mark === last.get(a.unit)));
    for (const row of state.attendance) expect(row.mark).toBe(last.get(row.unit));

    const entries = (await journal()).filter((e) => e.type === "rollcall.marked");
    expect(entries.map((e) => e.data)).toEqual(marks);
    chair.socket.disconnect();
  });

  it("keeps every parallel change of roll call, agenda and screen, and the stored state agrees after a restart", async () => {
    const chair = await joinWith(server, m.links.chair);
    const secretary = await joinWith(server, m.links.secretary);
    const units = [...new Set(m.all.filter((l) => l.role === "delegate").map((l) => l.unit!))];
    await Promise.all([
      ...units.map((unit) => emitAck(chair.socket, EVENTS.ROLLCALL_MARK, { unit, mark: "present" })),
      emitAck(secretary.socket, EVENTS.AGENDA_GOTO, { index: 3 }),
      emitAck(chair.socket, EVENTS.SCREEN_SHOW, { view: "attendance" }),
    ]);
    const live = await waitForState(chair, (s) => s.agendaIndex === 3 && s.screen === "attendance" && s.attendance.every((a) => a.mark === "present"));
    expect(live.quorum.present).toBe(units.length);
    chair.socket.disconnect();
    secretary.socket.disconnect();

    await server.close();
    server = await startTestServer(server.dataDir);
    const view = await joinWith(server, m.links.screen);
    const stored = await waitForState(view, (s) => s.agendaIndex === 3);
    expect(stored.screen).toBe("attendance");
    expect(stored.attendance.every((a) => a.mark === "present")).toBe(true);
    view.socket.disconnect();
    expect(verifyJournal(await journal())).toMatchObject({ ok: true });
  });

  it("moves the score table through stages sent together in the order they were sent, each from the one before", async () => {
    const chair = await joinWith(server, m.links.chair);
    const stages = ["self", "cross", "agreed", "self", "cross"] as const;
    const acks = await Promise.all(stages.map((stage) => emitAck(chair.socket, EVENTS.SCORES_STAGE, { stage })));
    expect(acks).toEqual(stages.map(() => ({ ok: true })));
    const moves = (await journal()).filter((e) => e.type === "scores.stage").map((e) => e.data as { from: string; to: string });
    expect(moves.map((mv) => mv.to)).toEqual([...stages]);
    for (let i = 1; i < moves.length; i++) expect(moves[i]!.from).toBe(moves[i - 1]!.to);
    chair.socket.disconnect();
  });
});
