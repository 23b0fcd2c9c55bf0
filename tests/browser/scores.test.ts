import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import {
  demoDefinitionCopy,
  emitAck,
  startTestServer,
  type CreatedTestMeeting,
  type TestSocket,
} from "../helpers/server";
import { joinInPage, startTabletAndScreen, skipBrowserTests, waitForTestIdText } from "../helpers/browser";
import { EVENTS } from "../../shared/protocol/events";
import { meetingDefinitionSchema } from "../../shared/definition/schema";
import { formatScore, rankUnits, type ScoreLayerValues } from "../../shared/scoring";

/**
 * The meeting on the morning of self-assessment: every unit has sent in its self-assessed scores,
 * nothing is cross-checked or agreed yet. Before the lock the big screen ranks each unit by its
 * latest layer (agreed, else cross, else self: client/features/scores/liveRanking.ts), so here it
 * ranks on the self layer and a delegate's entry moves the screen.
 */
function selfOnlyDefinition() {
  const def = demoDefinitionCopy();
  for (const s of def.scores) delete (s as { cross?: unknown }).cross;
  return def;
}

/** What the shared rules say BDT's self total and rank are once its G1 is `g1`. */
function expectedBdt(def: ReturnType<typeof selfOnlyDefinition>, g1: number) {
  const layers: Record<string, ScoreLayerValues> = {};
  for (const s of def.scores) {
    const groups: Record<string, number> = { ...s.self.groups };
    if (s.unit === "BDT") groups.G1 = g1;
    layers[s.unit] = { groups, bonus: { ...s.self.bonus }, deductions: { ...s.self.deductions } };
  }
  const bdt = rankUnits(meetingDefinitionSchema.parse(def), layers).find((r) => r.unit === "BDT")!;
  return { total: formatScore(bdt.total, "vi"), rank: String(bdt.rank) };
}

describe.skipIf(skipBrowserTests)("the score table in the browser", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let meeting: CreatedTestMeeting;
  let delegate: Page;
  let screen: Page;
  let chair: TestSocket;
  const definition = selfOnlyDefinition();

  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ server, meeting, delegate, screen, chair, close } = await startTabletAndScreen(definition));
  });

  afterAll(() => close?.());

  it("shows on the big screen the new total and rank a delegate enters on the tablet", async () => {
    expect(await emitAck(chair, EVENTS.SCORES_STAGE, { stage: "self" })).toEqual({ ok: true });
    expect(await emitAck(chair, EVENTS.SCREEN_SHOW, { view: "scores" })).toEqual({ ok: true });

    await joinInPage(screen, server.url, meeting.links.screen);
    await screen.getByTestId("screen-scores").waitFor();
    const before = expectedBdt(definition, 39);
    await waitForTestIdText(screen, "screen-score-total-BDT", before.total);
    await waitForTestIdText(screen, "screen-scores-title", "Đang chấm điểm — chưa thống nhất");

    await joinInPage(delegate, server.url, meeting.links.delegates.BDT![0]!);
    await waitForTestIdText(delegate, "scores-status", "nhập điểm của đơn vị mình");
    const g1 = delegate.getByTestId("score-BDT-self-G1");
    await g1.fill("30,5");
    await g1.press("Enter");

    const typed = expectedBdt(definition, 30.5);
    expect(typed.rank).not.toBe(before.rank);
    await waitForTestIdText(screen, "screen-score-total-BDT", typed.total);
    await waitForTestIdText(screen, "screen-score-rank-BDT", typed.rank);
    await waitForTestIdText(delegate, "score-card-BDT-self-total", typed.total);

    // The stepper adds half a point.
    await delegate.getByTestId("score-BDT-self-G1-plus").click();
    const stepped = expectedBdt(definition, 31);
    await waitForTestIdText(screen, "screen-score-total-BDT", stepped.total);
    await waitForTestIdText(screen, "screen-score-rank-BDT", stepped.rank);
  });

  it("tells the delegate in Vietnamese when a score is above the group's maximum, and keeps the text", async () => {
    const g2 = delegate.getByTestId("score-BDT-self-G2");
    await g2.fill("25");
    await g2.press("Enter");
    await waitForTestIdText(delegate, "score-BDT-self-G2-error", "Điểm phải từ 0 đến 20");
    expect(await g2.inputValue()).toBe("25");
    await g2.press("Escape");
    expect(await g2.inputValue()).toBe("19,5");
  });

  it("shows the agreed result with 1st, 2nd and 3rd marked once the chair locks the table", async () => {
    const copied = await emitAck<{ ok: boolean; copied: number }>(chair, EVENTS.SCORES_COPY, { from: "self" });
    expect(copied.ok).toBe(true);
    const locked = await emitAck<{ ok: boolean; ranking: string[] }>(chair, EVENTS.SCORES_LOCK, {});
    expect(locked.ok).toBe(true);

    await waitForTestIdText(screen, "screen-scores-title", "KẾT QUẢ THỐNG NHẤT CHẤM ĐIỂM");
    const [first, second, third] = locked.ranking;
    await waitForTestIdText(screen, `screen-score-row-${first}`, "Nhất");
    await waitForTestIdText(screen, `screen-score-row-${second}`, "Nhì");
    await waitForTestIdText(screen, `screen-score-row-${third}`, "Ba");
    await waitForTestIdText(screen, "screen-scores-locked-at", "Đã khóa lúc");
    await waitForTestIdText(delegate, "scores-status", "Bảng điểm đã khóa");
  });
});
