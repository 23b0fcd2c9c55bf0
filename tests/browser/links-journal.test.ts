import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import {
  createMeeting,
  emitAck,
  joinWith,
  startTestServer,
  tokenOf,
  type CreatedTestMeeting,
} from "../helpers/server";
import { joinInPage, launchBrowser, openPage, skipBrowserTests, waitForTestIdText } from "../helpers/browser";
import { EVENTS } from "../../shared/protocol/events";
import { verifyJournal } from "../../shared/journal/chain";

const LOST = "delegate-BDT-2";

describe.skipIf(skipBrowserTests)("join links and the journal in the browser", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let meeting: CreatedTestMeeting;
  let browser: Browser;
  let chair: Page;
  let lostTablet: Page;
  let newUrl = "";

  /** The chair's page on the cards screen, signed in through the console's link. */
  async function openCardsAsChair(): Promise<void> {
    await joinInPage(chair, server.url, meeting.links.chair);
    await chair.waitForURL(`**/m/${meeting.meetingId}/chair`);
    await chair.getByTestId("cards-link").click();
    await chair.getByTestId(`link-row-${LOST}`).waitFor();
  }

  beforeAll(async () => {
    server = await startTestServer();
    meeting = await createMeeting(server);
    browser = await launchBrowser();
    [chair, lostTablet] = await Promise.all([
      openPage(browser, { width: 1280, height: 800 }),
      openPage(browser, { width: 768, height: 1024 }),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("revokes a tablet's link from the cards page after a confirmation, and the tablet shows the revoked page", async () => {
    await joinInPage(lostTablet, server.url, meeting.links.delegates.BDT![1]!);
    await waitForTestIdText(lostTablet, "connection-state", "Đã kết nối");
    await openCardsAsChair();

    await chair.getByTestId(`link-revoke-${LOST}`).click();
    await waitForTestIdText(chair, "links-section", "Thiết bị đang dùng liên kết này sẽ bị ngắt ngay");
    await chair.getByTestId("link-confirm").click();

    await waitForTestIdText(lostTablet, "join-error", "đã bị thu hồi");
    await waitForTestIdText(chair, `link-state-${LOST}`, "Đã thu hồi");
    // The revoked link's card is no longer on the printable sheet.
    expect(await chair.getByTestId(`card-${LOST}`).count()).toBe(0);
  });

  it("reissues the link and shows a new card whose link opens the delegate view", async () => {
    await chair.getByTestId(`link-reissue-${LOST}`).click();
    await chair.getByTestId("new-card").waitFor();
    await waitForTestIdText(chair, `link-state-${LOST}`, "Đang hoạt động");
    newUrl = (await chair.getByTestId("new-card-card").locator(".join-card-url").textContent()) ?? "";
    expect(newUrl).toContain("/join/");
    expect(tokenOf(newUrl)).not.toBe(tokenOf(meeting.links.delegates.BDT![1]!));

    const newTablet = await openPage(browser, { width: 768, height: 1024 });
    await joinInPage(newTablet, server.url, newUrl);
    await newTablet.waitForURL(`**/m/${meeting.meetingId}/delegate`);
    await waitForTestIdText(newTablet, "unit-name", "Ban Dân tộc");
    await waitForTestIdText(newTablet, "connection-state", "Đã kết nối");
    await newTablet.context().close();

    // The old card stays dead.
    const oldTablet = await openPage(browser, { width: 768, height: 1024 });
    await joinInPage(oldTablet, server.url, meeting.links.delegates.BDT![1]!);
    await oldTablet.getByTestId("join-error").waitFor();
    await oldTablet.context().close();
  });

  it("shows the revoke and the reissue in the journal, with a valid hash chain", async () => {
    await chair.getByTestId("journal-link").click();
    await chair.waitForURL(`**/m/${meeting.meetingId}/journal`);
    await waitForTestIdText(chair, "journal-chain", "Chuỗi băm hợp lệ");
    const revoked = chair.locator('[data-type="link.revoked"]');
    const reissued = chair.locator('[data-type="link.reissued"]');
    expect(await revoked.textContent()).toContain("Thu hồi liên kết: Ban Dân tộc — đại biểu 2");
    expect(await reissued.textContent()).toContain("Cấp lại liên kết: Ban Dân tộc — đại biểu 2");
    expect(await revoked.textContent()).toContain("Chủ trì");
  });

  it("adds a new entry live when the journal grows, and downloads exactly the server's JSON", async () => {
    const secretary = await joinWith(server, meeting.links.secretary);
    expect(await emitAck(secretary.socket, EVENTS.AGENDA_GOTO, { index: 2 })).toEqual({ ok: true });
    await chair.locator('[data-type="agenda.moved"]').waitFor();
    expect(await chair.locator('[data-type="agenda.moved"]').textContent()).toContain("Thư ký");
    await waitForTestIdText(chair, "journal-chain", "Chuỗi băm hợp lệ");

    const [download] = await Promise.all([
      chair.waitForEvent("download"),
      chair.getByTestId("journal-download").click(),
    ]);
    const saved = fs.readFileSync((await download.path())!, "utf8");
    const res = await fetch(`${server.url}/api/meetings/${meeting.meetingId}/journal`, {
      headers: { authorization: `Bearer ${tokenOf(meeting.links.chair)}` },
    });
    expect(saved).toBe(await res.text());
    const parsed = JSON.parse(saved) as { entries: unknown[] };
    expect(verifyJournal(parsed.entries)).toMatchObject({ ok: true });
    secretary.socket.disconnect();
  });
});
