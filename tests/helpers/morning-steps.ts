import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMeeting, emitAck, joinWith, tokenOf, type CreatedTestMeeting } from "./server";
import { scoresAction, openStage } from "./scores";
import { cast, createPoll, joinPolls, pollAction, waitForPoll, type PollClient } from "./polls";
import { pdfPageTexts } from "./pdf-text";
import { EVENTS } from "../../shared/protocol/events";
import { verifyJournal } from "../../shared/journal/chain";
import type { PledgeState } from "../../shared/protocol/pledge";
import type { RunningServer } from "../../server/app";

/**
 * The founding example end to end (MISSION.md): Cluster No. 8 agrees its 2021 scores, acclaims
 * Ban Dân tộc 1st, Sở Tư pháp 2nd, Sở Nội vụ 3rd, elects Ban Dân tộc head and Sở Tư pháp deputy for
 * 2022, adopts the pledge, and all eight leaders sign it; the minutes say so.
 */
export function describeMorning(
  label: string,
  start: () => Promise<{ server: RunningServer; close: () => Promise<void> }>,
): void {
  /** Where the morning runs: the server itself, or nginx in front of instances (its url and admin token are all the steps use). */
  let server: RunningServer;
  let close: () => Promise<void>;
  let m: CreatedTestMeeting;
  const UNITS = ["SNGV", "BDT", "DUK", "VPDDBQH", "VPUBND", "SNV", "TTR", "STP"] as const;
  const delegates = new Map<string, PollClient>();
  let chair: PollClient;

  beforeAll(async () => {
    ({ server, close } = await start());
    m = await createMeeting(server);
    chair = await joinPolls(server, m.links.chair);
    for (const u of UNITS) delegates.set(u, await joinPolls(server, m.links.delegates[u]![0]!));
  }, 120_000);
  afterAll(async () => {
    for (const d of delegates.values()) d.close();
    chair.close();
    await close();
  }, 60_000);

  async function runPoll(input: Parameters<typeof createPoll>[1], ballotOf: (unit: string) => unknown) {
    const poll = await createPoll(chair, input);
    await pollAction(chair, EVENTS.POLL_OPEN, { pollId: poll.id });
    for (const u of UNITS) {
      const res = await cast(delegates.get(u)!.socket, poll.id, ballotOf(u));
      expect(res, `${u} casts in ${input.title}`).toMatchObject({ ok: true });
    }
    await pollAction(chair, EVENTS.POLL_CLOSE, { pollId: poll.id });
    await pollAction(chair, EVENTS.POLL_PUBLISH, { pollId: poll.id });
    return waitForPoll(chair, poll.id, (p) => p.state === "published");
  }

  describe(`the morning of 14 January 2022${label}`, () => {
    it("agrees the scores and locks the ranking", async () => {
      await openStage(server, m, "agreed");
      expect(await scoresAction(server, m, EVENTS.SCORES_COPY, { from: "cross" })).toMatchObject({
        ok: true,
      });
      const locked = await scoresAction(server, m, EVENTS.SCORES_LOCK);
      expect(locked.ranking).toEqual(["BDT", "STP", "SNV", "SNGV", "VPUBND", "TTR", "DUK", "VPDDBQH"]);
    });

    it("acclaims the first three by secret ballot", async () => {
      const p = await runPoll(
        {
          kind: "per_candidate",
          visibility: "secret",
          subject: "ranking",
          title: "Suy tôn đơn vị dẫn đầu và xếp thứ năm 2021",
          candidates: ["BDT", "STP", "SNV"],
        },
        (u) => ({ choices: { BDT: "for", STP: "for", SNV: u === "TTR" ? "against" : "for" } }),
      );
      expect(p.candidates).toEqual(["BDT", "STP", "SNV"]);
    });

    it("elects Ban Dân tộc head and Sở Tư pháp deputy", async () => {
      const head = await runPoll(
        {
          kind: "single_choice",
          visibility: "open",
          subject: "head",
          title: "Bầu Trưởng cụm năm 2022",
          candidates: ["BDT", "STP", "SNV"],
        },
        () => ({ choice: "BDT" }),
      );
      expect(JSON.stringify(head)).toContain("BDT");
      await runPoll(
        {
          kind: "single_choice",
          visibility: "open",
          subject: "deputy",
          title: "Bầu Phó Trưởng cụm năm 2022",
          candidates: ["STP", "SNV"],
          excluded: ["BDT"],
        },
        () => ({ choice: "STP" }),
      );
    });

    it("adopts the pledge by vote, freezes it and collects eight signatures", async () => {
      await runPoll(
        {
          kind: "motion",
          visibility: "open",
          subject: "pledge",
          title: "Thông qua nội dung Bản giao ước thi đua năm 2022",
        },
        () => ({ choice: "for" }),
      );
      const organiser = await joinWith(server, m.links.chair);
      // The adoption follows the published vote (a consequence the server stores after the publish is
      // acknowledged, possibly on another instance): the chair freezes once the pledge says adopted, as the
      // console's button does.
      for (let i = 0; i < 100; i++) {
        const got = await emitAck<{ ok: boolean; state?: PledgeState }>(organiser.socket, EVENTS.PLEDGE_GET, {});
        if (got.state?.stage === "adopted") break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const frozen = await emitAck<{ ok: boolean; state: PledgeState }>(
        organiser.socket,
        EVENTS.PLEDGE_FREEZE,
        {},
      );
      expect(frozen, JSON.stringify(frozen)).toMatchObject({
        ok: true,
        state: { stage: "frozen", headUnit: "BDT", deputyUnit: "STP" },
      });
      const hash = frozen.state.textHash!;
      for (const u of UNITS) {
        const res = await emitAck<{ ok: boolean; final?: boolean }>(
          delegates.get(u)!.socket,
          EVENTS.PLEDGE_SIGN,
          {
            hash,
            signerName: `Lãnh đạo ${u}`,
            signerTitle: "Giám đốc",
            strokes: [
              [
                [0.1, 0.5],
                [0.4, 0.2],
                [0.8, 0.6],
              ],
            ],
            opId: `sign-${u}-0001`,
          },
        );
        expect(res, `${u} signs`).toMatchObject({ ok: true });
      }
      const state = await emitAck<{ ok: boolean; state: PledgeState }>(
        organiser.socket,
        EVENTS.PLEDGE_GET,
        {},
      );
      expect(state.state).toMatchObject({ stage: "final", signedCount: 8, unitCount: 8 });
      expect(state.state.units.slice(0, 2).map((u) => u.unit)).toEqual(["BDT", "STP"]);
      organiser.socket.disconnect();
    });

    it("prints minutes with the ranking, the elected units and the signed pledge, not marked as draft", async () => {
      const res = await fetch(`${server.url}/api/meetings/${m.meetingId}/minutes.pdf`, {
        headers: { authorization: `Bearer ${tokenOf(m.links.secretary)}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/pdf");
      const text = (await pdfPageTexts(Buffer.from(await res.arrayBuffer()))).join("\n").normalize("NFC");
      expect(text).toContain("BIÊN BẢN HỘI NGHỊ");
      for (const score of ["99,5", "98,0", "96,5", "95,5", "95,0", "93,5", "93,0", "92,0"])
        expect(text).toContain(score);
      expect(text).toMatch(/Ban Dân tộc tỉnh Thanh Hóa\s*—\s*Trưởng cụm năm 2022/);
      expect(text).toMatch(/Sở Tư pháp[^\n]*—\s*Phó Trưởng cụm năm 2022/);
      expect(text).toContain("8/8");
      expect(text).not.toContain("DỰ THẢO");

      const pledge = await fetch(`${server.url}/api/meetings/${m.meetingId}/pledge.pdf`, {
        headers: { authorization: `Bearer ${tokenOf(m.links.public)}` },
      });
      const pledgeText = (await pdfPageTexts(Buffer.from(await pledge.arrayBuffer())))
        .join("\n")
        .normalize("NFC");
      expect(pledgeText).toContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
      expect(pledgeText).toContain("BẢN GIAO ƯỚC THI ĐUA NĂM 2022");
      expect(pledgeText).not.toContain("DỰ THẢO");
    });

    it("lets anyone verify the pledge hash, the signatures and the published results without a token", async () => {
      const res = await fetch(`${server.url}/api/verify/${m.meetingId}`);
      const body = (await res.json()) as {
        stage: string;
        textHash: string;
        signatures: unknown[];
        results: { headline: string | null; outcome: string }[];
      };
      expect(body.stage).toBe("final");
      expect(body.signatures).toHaveLength(8);
      expect(body.results).toHaveLength(4);
      expect(body.results.map((r) => r.headline)).toEqual(
        expect.arrayContaining(["Ban Dân tộc — Trưởng cụm năm 2022"]),
      );
      const check = await fetch(`${server.url}/api/verify/${m.meetingId}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ hash: body.textHash }),
      });
      expect(((await check.json()) as { matches: boolean }).matches).toBe(true);
    });

    it("keeps a journal that verifies and records ballots without their content", async () => {
      const res = await fetch(`${server.url}/api/meetings/${m.meetingId}/journal`, {
        headers: { authorization: `Bearer ${tokenOf(m.links.chair)}` },
      });
      const { entries } = (await res.json()) as { entries: { type: string; data: unknown }[] };
      expect(verifyJournal(entries)).toMatchObject({ ok: true });
      const types = new Set(entries.map((e) => e.type));
      for (const t of ["meeting.created", "scores.locked"]) expect(types).toContain(t);
      expect(entries.some((e) => /poll/.test(e.type) && /published/.test(e.type))).toBe(true);
      expect(entries.some((e) => /sign/.test(e.type))).toBe(true);
      // The acclamation was secret: no journal entry pairs TTR with "against".
      expect(
        entries
          .filter((e) => JSON.stringify(e.data).includes("against"))
          .filter((e) => JSON.stringify(e.data).includes("TTR")),
      ).toEqual([]);
    });
  });
}
