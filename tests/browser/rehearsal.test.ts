import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { verifyJournal } from "../../shared/journal/chain";
import { EVENTS } from "../../shared/protocol/events";
import { joinInPage, launchBrowser, openPage, skipBrowserTests, waitForTestIdText } from "../helpers/browser";
import { pdfPageTexts } from "../helpers/pdf-text";
import { adoptAndFreeze, pledgePdf, sign, signature } from "../helpers/pledge";
import { createPoll, joinPolls, markPresent, pollAction, SAMPLE_UNITS, type PollClient } from "../helpers/polls";
import { createMeeting, emitAck, joinWith, startTestServer, tokenOf, type CreatedTestMeeting, type TestSocket } from "../helpers/server";

const SIGNER = "Người Ký Diễn Tập";
const POLL_TITLE = "Bầu thử Trưởng cụm (diễn tập)";

const bannerShown = (page: Page) => page.getByTestId("rehearsal-banner").isVisible();

/**
 * A rehearsal at 1280×800: the chair starts it from the console, a delegate votes on the tablet and a
 * signature reaches the big screen, every view says "DIỄN TẬP"; after rehearsal:end the banner, the
 * ballot and the signature are gone everywhere, nothing is in the minutes or the pledge PDF, and the
 * journal verifies.
 */
describe.skipIf(skipBrowserTests)("a rehearsal at 1280×800", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let meeting: CreatedTestMeeting;
  let browser: Browser;
  let chairPage: Page;
  let tablet: Page;
  let screen: Page;
  let chair: PollClient;
  let bdt: TestSocket;

  beforeAll(async () => {
    server = await startTestServer();
    meeting = await createMeeting(server);
    browser = await launchBrowser();
    const size = { width: 1280, height: 800 };
    [chairPage, tablet, screen] = await Promise.all([openPage(browser, size), openPage(browser, size), openPage(browser, size)]);
    chairPage.on("dialog", (d) => void d.accept());
    await joinInPage(chairPage, server.url, meeting.links.chair);
    await waitForTestIdText(chairPage, "connection-state", "Đã kết nối");
  }, 60_000);
  afterAll(async () => {
    chair?.close();
    bdt?.disconnect();
    await browser?.close();
    await server?.close();
  });

  it("marks every view DIỄN TẬP while a ballot and a signature are made", async () => {
    expect(await bannerShown(chairPage)).toBe(false);
    await chairPage.getByTestId("rehearsal-start").click();
    await waitForTestIdText(chairPage, "rehearsal-banner", "DIỄN TẬP");
    await chairPage.getByTestId("rehearsal-end").waitFor();

    // Delegates join only now: a check-in outside a rehearsal starts the meeting.
    await joinInPage(tablet, server.url, meeting.links.delegates.STP![0]!);
    await joinInPage(screen, server.url, meeting.links.screen);
    await waitForTestIdText(tablet, "rehearsal-banner", "DIỄN TẬP");
    await waitForTestIdText(screen, "rehearsal-banner", "DIỄN TẬP");

    chair = await joinPolls(server, meeting.links.chair);
    await markPresent(chair, SAMPLE_UNITS);
    const poll = await createPoll(chair, { kind: "single_choice", visibility: "open", subject: "head", title: POLL_TITLE, candidates: ["BDT", "STP", "SNV"] });
    await pollAction(chair, EVENTS.POLL_OPEN, { pollId: poll.id });
    await tablet.getByTestId("poll-option-BDT").click();
    await tablet.getByTestId("poll-next").click();
    await tablet.getByTestId("poll-cast").click();
    await tablet.getByTestId("poll-receipt-code").waitFor();
    expect(await bannerShown(tablet)).toBe(true);

    const hash = await adoptAndFreeze(server, meeting, chair.socket);
    bdt = (await joinWith(server, meeting.links.delegates.BDT![0]!)).socket;
    expect(await sign(bdt, signature(hash, { signerName: SIGNER }))).toMatchObject({ ok: true });
    expect(await emitAck(chair.socket, EVENTS.SCREEN_SHOW, { view: "pledge" })).toMatchObject({ ok: true });
    await waitForTestIdText(screen, "wall-signer-BDT", SIGNER);
    expect(await bannerShown(screen)).toBe(true);
  }, 60_000);

  it("removes the ballot, the signature and the banner at rehearsal:end, from every view and both PDFs", async () => {
    await chairPage.getByTestId("rehearsal-end").click();
    await chairPage.getByTestId("rehearsal-start").waitFor();
    for (const [name, page] of [["chair", chairPage], ["tablet", tablet], ["screen", screen]] as const)
      await page.waitForFunction(() => !document.querySelector('[data-testid="rehearsal-banner"]'), undefined, { timeout: 15_000 }).catch((e: Error) => {
        throw new Error(`${name}: ${e.message}`);
      });
    // The tablet reconnected to a meeting without polls: no receipt, no ballot to cast.
    await tablet.waitForFunction(() => !document.querySelector('[data-testid="poll-receipt-code"]') && !document.querySelector('[data-testid="poll-option-BDT"]'), undefined, { timeout: 15_000 });
    // The big screen is back on its welcome view; the stored pledge has no signature.
    await screen.waitForFunction(() => document.querySelector('[data-testid="screen-root"]')?.getAttribute("data-view") === "welcome", undefined, { timeout: 15_000 });
    expect(await server.store.listPledgeSignatures(meeting.meetingId)).toEqual([]);
    // Shown again on the big screen (testing the projector does not begin the meeting), the wall has no signature.
    const again = await joinWith(server, meeting.links.chair);
    expect(await emitAck(again.socket, EVENTS.SCREEN_SHOW, { view: "pledge" })).toMatchObject({ ok: true });
    await screen.waitForFunction(() => document.querySelector('[data-testid="screen-root"]')?.getAttribute("data-view") === "pledge", undefined, { timeout: 15_000 });
    // The pledge is a draft again (no wall of signatures), and the rehearsal's signer is nowhere on it.
    expect(await screen.getByTestId("wall-signer-BDT").count()).toBe(0);
    expect(await screen.locator("body").textContent()).not.toContain(SIGNER);
    again.socket.disconnect();
    expect(await server.store.listPolls(meeting.meetingId)).toEqual([]);

    const minutes = await fetch(`${server.url}/api/meetings/${meeting.meetingId}/minutes.pdf`, { headers: { authorization: `Bearer ${tokenOf(meeting.links.chair)}` } });
    const minutesText = (await pdfPageTexts(Buffer.from(await minutes.arrayBuffer()))).join(" ").normalize("NFC");
    expect(minutesText).not.toContain(POLL_TITLE);
    const pledgeText = (await pdfPageTexts(await pledgePdf(server, meeting.meetingId, meeting.links.chair))).join(" ").normalize("NFC");
    expect(pledgeText).not.toContain(SIGNER);
    // The journal page keeps the rehearsal's entries, marked DIỄN TẬP, and says what the end removed.
    await chairPage.goto(`${server.url}/m/${meeting.meetingId}/journal`);
    await waitForTestIdText(chairPage, "journal-table", "Kết thúc diễn tập: đã xoá 1 cuộc biểu quyết, 1 phiếu, 1 chữ ký");
    expect(await chairPage.getByTestId("journal-rehearsal").count()).toBeGreaterThan(5);
    const journal = await server.store.readJournal(meeting.meetingId);
    expect(verifyJournal(journal).ok).toBe(true);
    expect(journal.find((e) => e.type === "rehearsal.ended")).toMatchObject({ data: { polls: 1, ballots: 1, signatures: 1 } });
  }, 60_000);
});
