import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { EVENTS } from "../../shared/protocol/events";
import type { PollView } from "../../shared/protocol/polls";
import { joinInPage, launchBrowser, openPage, skipBrowserTests, waitForTestIdText } from "../helpers/browser";
import { cast, createPoll, joinPolls, markPresent, pollAction, SAMPLE_UNITS, type PollClient } from "../helpers/polls";
import { createMeeting, emitAck, startTestServer, type CreatedTestMeeting } from "../helpers/server";

describe.skipIf(skipBrowserTests)("a live vote in the browser", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let meeting: CreatedTestMeeting;
  let browser: Browser;
  let tablet: Page;
  let screen: Page;
  let chair: PollClient;
  const others: PollClient[] = [];
  let poll: PollView;

  beforeAll(async () => {
    server = await startTestServer();
    meeting = await createMeeting(server);
    browser = await launchBrowser();
    [tablet, screen] = await Promise.all([
      openPage(browser, { width: 768, height: 1024 }),
      openPage(browser, { width: 1920, height: 1080 }),
    ]);
    chair = await joinPolls(server, meeting.links.chair);
    // Quorum: the roll call marks every unit present, without their tablets.
    await markPresent(chair, SAMPLE_UNITS);
  });

  afterAll(async () => {
    for (const c of [chair, ...others]) c?.close();
    await browser?.close();
    await server?.close();
  });

  it("lets a delegate vote on a 768×1024 tablet, confirm, and see the receipt code", async () => {
    await joinInPage(tablet, server.url, meeting.links.delegates.STP![0]!);
    await waitForTestIdText(tablet, "connection-state", "Đã kết nối");
    poll = await createPoll(chair, { kind: "single_choice", visibility: "open", subject: "head", title: "Bầu Trưởng cụm năm 2022", candidates: ["BDT", "STP", "SNV"] });
    await pollAction(chair, EVENTS.POLL_OPEN, { pollId: poll.id });

    await tablet.getByTestId("poll-option-BDT").click();
    await tablet.getByTestId("poll-next").click();
    await waitForTestIdText(tablet, "poll-summary", "Ban Dân tộc tỉnh Thanh Hóa");
    await tablet.getByTestId("poll-cast").click();

    await tablet.getByTestId("poll-receipt-code").waitFor();
    const code = (await tablet.getByTestId("poll-receipt-code").textContent())?.trim();
    expect(code).toMatch(/^[0-9A-Z]{3}-[0-9A-Z]{3}$/);
    await waitForTestIdText(tablet, "poll-receipt", "Đã bỏ phiếu lúc");

    // The receipt is kept with the ballot: after a reload the tablet still shows it.
    await tablet.reload();
    await waitForTestIdText(tablet, "poll-receipt-code", code!);
  });

  it("shows the turnout on the big screen, then the published result in words", async () => {
    await joinInPage(screen, server.url, meeting.links.screen);
    expect(await emitAck(chair.socket, EVENTS.SCREEN_SHOW, { view: "poll" })).toEqual({ ok: true });
    await waitForTestIdText(screen, "screen-poll-turnout", "1/8 đơn vị đã bỏ phiếu");

    // Four more units vote for BDT from their own tablets: 5 of 8 is more than half the members.
    for (const unit of ["SNGV", "DUK", "VPDDBQH", "VPUBND"]) {
      const tabletOf = await joinPolls(server, meeting.links.delegates[unit]![0]!);
      others.push(tabletOf);
      expect(await cast(tabletOf.socket, poll.id, { choice: "BDT" })).toMatchObject({ ok: true });
    }
    await waitForTestIdText(screen, "screen-poll-turnout", "5/8 đơn vị đã bỏ phiếu");

    await pollAction(chair, EVENTS.POLL_CLOSE, { pollId: poll.id });
    await pollAction(chair, EVENTS.POLL_PUBLISH, { pollId: poll.id });
    await waitForTestIdText(screen, "screen-poll-outcome", "Ban Dân tộc — Trưởng cụm năm 2022");
    await waitForTestIdText(screen, "poll-mark-BDT", "Trúng cử");
    // The tablet shows the result and finds its own ballot in the published receipts.
    await waitForTestIdText(tablet, "poll-outcome", "Ban Dân tộc — Trưởng cụm năm 2022");
    await waitForTestIdText(tablet, "poll-lookup-answer", "đã được kiểm");
  });
});
