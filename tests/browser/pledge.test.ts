import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { createMeeting, emitAck, joinWith, startTestServer, type CreatedTestMeeting, type TestSocket } from "../helpers/server";
import { joinInPage, launchBrowser, openPage, skipBrowserTests, waitForTestIdText } from "../helpers/browser";
import { definitionWithRules, waitForPledge } from "../helpers/pledge";
import { EVENTS } from "../../shared/protocol/events";
import type { PledgeState } from "../../shared/protocol/pledge";

type StateAck = { ok: true; state: PledgeState } | { ok: false; error: { message: string } };

/** Draws a wavy stroke across the signature pad with the mouse (pointer events, as a finger would). */
async function drawSignature(page: Page): Promise<void> {
  const pad = page.getByTestId("signature-pad");
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.6);
  await page.mouse.down();
  for (let i = 1; i <= 24; i++)
    await page.mouse.move(box.x + box.width * (0.1 + (0.8 * i) / 24), box.y + box.height * (0.5 + 0.25 * Math.sin(i / 2.5)));
  await page.mouse.up();
}

describe.skipIf(skipBrowserTests)("signing the pledge in the browser", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let meeting: CreatedTestMeeting;
  let browser: Browser;
  let tablet: Page;
  let screen: Page;
  let chair: TestSocket;
  let textHash: string;

  beforeAll(async () => {
    server = await startTestServer();
    meeting = await createMeeting(server, definitionWithRules({ chairMayAdoptPledge: true }));
    browser = await launchBrowser();
    [tablet, screen] = await Promise.all([openPage(browser, { width: 768, height: 1024 }), openPage(browser, { width: 1920, height: 1080 })]);
    chair = (await joinWith(server, meeting.links.chair)).socket;
    const adopted = await emitAck<StateAck>(chair, EVENTS.PLEDGE_ADOPT, {});
    expect(adopted.ok).toBe(true);
    const frozen = await emitAck<StateAck>(chair, EVENTS.PLEDGE_FREEZE, {});
    if (!frozen.ok) throw new Error(frozen.error.message);
    textHash = frozen.state.textHash!;
    expect(await emitAck(chair, EVENTS.SCREEN_SHOW, { view: "pledge" })).toEqual({ ok: true });
  });

  afterAll(async () => {
    chair?.disconnect();
    await browser?.close();
    await server?.close();
  });

  it("lets a delegate sign with a drawn stroke on a 768×1024 tablet, over the hash it computed itself", async () => {
    await joinInPage(tablet, server.url, meeting.links.delegates.BDT![0]!);
    await tablet.waitForURL(`**/m/${meeting.meetingId}/delegate`);
    await tablet.getByTestId("pledge-sign-start").click();
    await tablet.getByTestId("pledge-hashcheck").waitFor();
    expect(await tablet.getByTestId("pledge-hashcheck").getAttribute("data-match")).toBe("true");
    expect(await tablet.getByTestId("pledge-hashcheck").textContent()).toContain(textHash.slice(0, 8));

    await tablet.getByTestId("pledge-signer-name").fill("Lê Văn Thành");
    expect(await tablet.getByTestId("pledge-signer-title").inputValue()).not.toBe("");
    await drawSignature(tablet);
    await tablet.waitForFunction(() => document.querySelector('[data-testid="signature-pad"]')?.getAttribute("data-strokes") === "1");
    await tablet.getByTestId("pledge-sign-next").click();
    await tablet.getByTestId("pledge-sign-submit").click();
    await waitForTestIdText(tablet, "pledge-signed", "Đã ký lúc");

    const state = await waitForPledge(chair, (s) => s.units.find((u) => u.unit === "BDT")?.signed === true);
    const sig = state.units.find((u) => u.unit === "BDT")!.signature!;
    expect(sig.signerName).toBe("Lê Văn Thành");
    expect(sig.textHash).toBe(textHash);
    expect(sig.strokes).toHaveLength(1);
    expect(sig.strokes[0]!.length).toBeGreaterThan(5);
  });

  it("shows the signature on the big screen's wall, inside the unit's cell", async () => {
    await joinInPage(screen, server.url, meeting.links.screen);
    await screen.waitForURL(`**/m/${meeting.meetingId}/screen`);
    await waitForTestIdText(screen, "wall-signer-BDT", "Lê Văn Thành");
    const cell = screen.getByTestId("wall-unit-BDT");
    expect(await cell.getAttribute("data-signed")).toBe("true");
    expect(await cell.locator("svg polyline").count()).toBe(1);
    await waitForTestIdText(screen, "screen-pledge-count", "1/8 đã ký");
    expect(await screen.getByTestId("wall-unit-DUK").getAttribute("data-signed")).toBe("false");
  });

  it("shows the frozen text hash on the public verification page, without a token", async () => {
    const page = await openPage(browser, { width: 1280, height: 800 });
    await page.goto(`${server.url}/verify/${meeting.meetingId}`);
    await waitForTestIdText(page, "verify-text-hash", textHash);
    await page.getByTestId("verify-hash-input").fill(textHash);
    await page.getByTestId("verify-hash-check").click();
    await waitForTestIdText(page, "verify-result", "KHỚP");
    expect(await page.getByTestId("verify-result").getAttribute("data-match")).toBe("true");
    await page.context().close();
  });
});
