import { EVENTS } from "../../shared/protocol/events";
import type { PledgeState } from "../../shared/protocol/pledge";
import type { RunningServer } from "../../server/app";
import { cast, createPoll, joinPolls, pollAction, waitForPoll, type PollClient } from "./polls";
import { openStage, scoresAction } from "./scores";
import { emitAck, joinWith, type CreatedTestMeeting } from "./server";

type PollInput = Parameters<typeof createPoll>[1];

/**
 * Runs a meeting's morning over the sockets, as morning.test.ts does: scores agreed from the cross
 * layer and locked, the first three acclaimed, `head` and `deputy` elected, the pledge adopted, frozen
 * and signed by every unit. Every unit's seeded cross scores must be complete (the sample's are).
 */
export async function finishMorning(server: RunningServer, m: CreatedTestMeeting, units: readonly string[], head: string, deputy: string): Promise<{ ranking: string[] }> {
  const chair = await joinPolls(server, m.links.chair);
  const delegates = new Map<string, PollClient>();
  for (const u of units) delegates.set(u, await joinPolls(server, m.links.delegates[u]![0]!));
  const run = async (input: PollInput, ballotOf: (unit: string) => unknown) => {
    const poll = await createPoll(chair, input);
    await pollAction(chair, EVENTS.POLL_OPEN, { pollId: poll.id });
    for (const u of units) {
      const res = await cast(delegates.get(u)!.socket, poll.id, ballotOf(u));
      if (!res.ok) throw new Error(`${u} could not vote in ${input.title}: ${res.error.message}`);
    }
    await pollAction(chair, EVENTS.POLL_CLOSE, { pollId: poll.id });
    await pollAction(chair, EVENTS.POLL_PUBLISH, { pollId: poll.id });
    return waitForPoll(chair, poll.id, (p) => p.state === "published");
  };
  try {
    await openStage(server, m, "agreed");
    await scoresAction(server, m, EVENTS.SCORES_COPY, { from: "cross" });
    const locked = await scoresAction(server, m, EVENTS.SCORES_LOCK);
    if (!locked.ok) throw new Error(`lock refused: ${locked.error?.message}`);
    const ranking = locked.ranking as string[];
    const top = ranking.slice(0, 3);
    await run({ kind: "per_candidate", visibility: "secret", subject: "ranking", title: "Suy tôn", candidates: top }, () => ({ choices: Object.fromEntries(top.map((c) => [c, "for"])) }));
    await run({ kind: "single_choice", visibility: "open", subject: "head", title: "Bầu Trưởng cụm", candidates: [head, deputy] }, () => ({ choice: head }));
    const runnerUp = units.find((u) => u !== head && u !== deputy)!;
    await run({ kind: "single_choice", visibility: "open", subject: "deputy", title: "Bầu Phó Trưởng cụm", candidates: [deputy, runnerUp], excluded: [head] }, () => ({ choice: deputy }));
    await run({ kind: "motion", visibility: "open", subject: "pledge", title: "Thông qua giao ước" }, () => ({ choice: "for" }));
    const organiser = await joinWith(server, m.links.chair);
    const frozen = await emitAck<{ ok: boolean; state: PledgeState }>(organiser.socket, EVENTS.PLEDGE_FREEZE, {});
    if (!frozen.ok) throw new Error("freeze refused");
    for (const u of units) {
      const res = await emitAck<{ ok: boolean }>(delegates.get(u)!.socket, EVENTS.PLEDGE_SIGN, {
        hash: frozen.state.textHash,
        signerName: `Lãnh đạo ${u}`,
        signerTitle: "Giám đốc",
        strokes: [[[0.1, 0.5], [0.4, 0.2], [0.8, 0.6]]],
        opId: `sign-${u}-${Date.now()}`,
      });
      if (!res.ok) throw new Error(`${u} could not sign`);
    }
    organiser.socket.disconnect();
    return { ranking };
  } finally {
    chair.close();
    for (const d of delegates.values()) d.close();
  }
}
