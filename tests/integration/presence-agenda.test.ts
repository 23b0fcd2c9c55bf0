import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMeeting, emitAck, joinWith, startTestServer, waitForState, type CreatedTestMeeting } from "../helpers/server";
import type { RunningServer } from "../../server/app";
import { EVENTS } from "../../shared/protocol/events";

let server: RunningServer;
let m: CreatedTestMeeting;
beforeAll(async () => {
  server = await startTestServer();
  m = await createMeeting(server);
});
afterAll(() => server.close());

describe("presence, roll call and agenda", () => {
  it("shows presence and the agenda moving on every view", async () => {
    const chair = await joinWith(server, m.links.chair);
    const bdt = await joinWith(server, m.links.delegates.BDT![0]!);
    const stp = await joinWith(server, m.links.delegates.STP![0]!);
    const screen = await joinWith(server, m.links.screen);
    const follower = await joinWith(server, m.links.public);
    const views = [chair, bdt, stp, screen, follower];

    const present = await waitForState(screen, (s) => s.attendance.filter((a) => a.online > 0).length === 2 && s.others.observer === 1);
    expect(present.attendance.find((a) => a.unit === "BDT")).toMatchObject({ present: true, checkedIn: true, online: 1 });
    expect(present.attendance.find((a) => a.unit === "DUK")).toMatchObject({ present: false, online: 0 });
    expect(present.others).toMatchObject({ chair: 1, screen: 1, observer: 1 });

    expect(await emitAck(chair.socket, EVENTS.AGENDA_GOTO, { index: 5 })).toEqual({ ok: true });
    expect(await emitAck(chair.socket, EVENTS.SCREEN_SHOW, { view: "attendance" })).toEqual({ ok: true });
    for (const v of views) {
      const s = await waitForState(v, (st) => st.agendaIndex === 5 && st.screen === "attendance");
      expect(s.agenda[s.agendaIndex]!.title).toMatch(/thống nhất chấm điểm/);
    }
    for (const v of views) v.socket.disconnect();
  });

  it("keeps a unit present after its tablet drops off, and counts it for quorum", async () => {
    const chair = await joinWith(server, m.links.chair);
    const snv = await joinWith(server, m.links.delegates.SNV![0]!);
    snv.socket.disconnect();
    const s = await waitForState(chair, (st) => st.attendance.find((a) => a.unit === "SNV")!.checkedIn && st.attendance.find((a) => a.unit === "SNV")!.online === 0);
    expect(s.attendance.find((a) => a.unit === "SNV")).toMatchObject({ present: true, checkedIn: true });
    chair.socket.disconnect();
  });

  it("lets the chair mark units by hand and computes quorum from the rules", async () => {
    const chair = await joinWith(server, m.links.chair);
    for (const unit of ["SNGV", "DUK", "VPDDBQH", "VPUBND", "TTR"])
      expect(await emitAck(chair.socket, EVENTS.ROLLCALL_MARK, { unit, mark: "present" })).toEqual({ ok: true });
    // BDT, STP, SNV checked in earlier + 5 marked = 8 of 8; ≥ 2/3 of 8 needs 6.
    let s = await waitForState(chair, (st) => st.quorum.present === 8);
    expect(s.quorum).toEqual({ met: true, present: 8, members: 8, required: 6 });
    for (const unit of ["SNGV", "DUK", "VPDDBQH"]) await emitAck(chair.socket, EVENTS.ROLLCALL_MARK, { unit, mark: "absent" });
    s = await waitForState(chair, (st) => st.quorum.present === 5);
    expect(s.quorum.met).toBe(false);
    chair.socket.disconnect();
  });

  it("refuses organiser commands from delegates, the screen and followers", async () => {
    for (const link of [m.links.delegates.BDT![0]!, m.links.screen, m.links.public]) {
      const c = await joinWith(server, link);
      const res = await emitAck<{ ok: boolean; error: { code: string } }>(c.socket, EVENTS.AGENDA_GOTO, { index: 1 });
      expect(res).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
      c.socket.disconnect();
    }
    const chair = await joinWith(server, m.links.chair);
    expect(chair.latest().agendaIndex).toBe(5);
    chair.socket.disconnect();
  });

  it("refuses malformed payloads with a clear error and changes nothing", async () => {
    const chair = await joinWith(server, m.links.chair);
    const cases: [string, unknown, string][] = [
      [EVENTS.AGENDA_GOTO, { index: "three" }, "BAD_REQUEST"],
      [EVENTS.AGENDA_GOTO, { index: -1 }, "BAD_REQUEST"],
      [EVENTS.AGENDA_GOTO, { index: 99 }, "NOT_FOUND"],
      [EVENTS.SCREEN_SHOW, { view: "fireworks" }, "BAD_REQUEST"],
      [EVENTS.ROLLCALL_MARK, { unit: "NOPE", mark: "present" }, "NOT_FOUND"],
      [EVENTS.ROLLCALL_MARK, { unit: "BDT", mark: "maybe" }, "BAD_REQUEST"],
      [EVENTS.ROLLCALL_MARK, null, "BAD_REQUEST"],
    ];
    for (const [event, payload, code] of cases) {
      const res = await emitAck<{ ok: boolean; error: { code: string; message: string } }>(chair.socket, event, payload);
      expect(res.ok, `${event} ${JSON.stringify(payload)}`).toBe(false);
      expect(res.error.code).toBe(code);
      expect(res.error.message.length).toBeGreaterThan(5);
    }
    const res = await emitAck<{ ok: boolean; state: { agendaIndex: number; screen: string } }>(chair.socket, EVENTS.MEETING_RESYNC, {});
    expect(res.state).toMatchObject({ agendaIndex: 5, screen: "attendance" });
    chair.socket.disconnect();
  });

  it("journals every change in a chain that verifies", async () => {
    const res = await fetch(`${server.url}/api/meetings/${m.meetingId}/journal`, { headers: { authorization: `Bearer ${m.links.chair.split("/join/")[1]}` } });
    const { entries } = (await res.json()) as { entries: { type: string; seq: number }[] };
    const types = entries.map((e) => e.type);
    expect(types[0]).toBe("meeting.created");
    expect(types).toEqual(expect.arrayContaining(["device.joined", "agenda.moved", "screen.shown", "rollcall.marked"]));
    const { verifyJournal } = await import("../../shared/journal/chain");
    expect(verifyJournal(entries)).toMatchObject({ ok: true, count: entries.length });
  });
});
