import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import {
  demoDefinitionCopy,
  emitAck,
  startTestServer,
  tokenOf,
  type CreatedTestMeeting,
  type TestSocket,
} from "../helpers/server";
import { joinInPage, openPage, startTabletAndScreen, skipBrowserTests, waitForTestIdText } from "../helpers/browser";
import { EVENTS } from "../../shared/protocol/events";

describe.skipIf(skipBrowserTests)("the agenda in the browser", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let meeting: CreatedTestMeeting;
  let browser: Browser;
  let delegate: Page;
  let screen: Page;
  let chair: TestSocket;
  const definition = demoDefinitionCopy();

  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ server, meeting, browser, delegate, screen, chair, close } = await startTabletAndScreen(definition));
  });

  afterAll(() => close?.());

  it("signs a delegate tablet in and shows its unit's Vietnamese name", async () => {
    await joinInPage(delegate, server.url, meeting.links.delegates.BDT![0]!);
    await delegate.waitForURL(`**/m/${meeting.meetingId}/delegate`);
    await waitForTestIdText(delegate, "unit-name", "Ban Dân tộc tỉnh Thanh Hóa");
    const name = await delegate.getByTestId("unit-name").textContent();
    expect(name?.normalize("NFC")).toBe("Ban Dân tộc tỉnh Thanh Hóa".normalize("NFC"));
    await waitForTestIdText(delegate, "connection-state", "Đã kết nối");
  });

  it("shows the item the chair moves to on the delegate tablet and on the big screen", async () => {
    await joinInPage(screen, server.url, meeting.links.screen);
    await screen.waitForURL(`**/m/${meeting.meetingId}/screen`);
    await screen.getByTestId("screen-root").waitFor();

    const target = definition.agenda[3]!.title;
    expect(await emitAck(chair, EVENTS.AGENDA_GOTO, { index: 3 })).toEqual({ ok: true });
    expect(await emitAck(chair, EVENTS.SCREEN_SHOW, { view: "agenda" })).toEqual({ ok: true });

    await Promise.all([
      waitForTestIdText(delegate, "current-agenda-item", target),
      waitForTestIdText(screen, "current-agenda-item", target),
    ]);
    expect(await delegate.getByTestId("agenda-item-3").getAttribute("aria-current")).toBe("step");
  });

  it("tells a device with an unknown link so, in Vietnamese", async () => {
    const page = await openPage(browser, { width: 768, height: 1024 });
    await page.goto(`${server.url}/join/not-a-real-token-000000000000`);
    await waitForTestIdText(page, "join-error", "Liên kết tham dự không hợp lệ");
    await page.context().close();
  });
  it("sends a tablet whose link the chair revokes to the error page, in Vietnamese", async () => {
    const page = await openPage(browser, { width: 768, height: 1024 });
    await joinInPage(page, server.url, meeting.links.delegates.DUK![0]!);
    await waitForTestIdText(page, "connection-state", "Đã kết nối");
    const res = await fetch(`${server.url}/api/meetings/${meeting.meetingId}/links/delegate-DUK-1/revoke`, {
      method: "POST",
      headers: { authorization: `Bearer ${tokenOf(meeting.links.chair)}` },
    });
    expect(res.status).toBe(200);
    await waitForTestIdText(page, "join-error", "đã bị thu hồi");
    await page.context().close();
  });
});
