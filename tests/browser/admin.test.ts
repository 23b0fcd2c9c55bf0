import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { ensureDemoMeeting } from "../../server/meetings/demo";
import { SAMPLE_CLUSTER_ID } from "../../server/meetings/sample-cluster";
import { launchBrowser, openPage, skipBrowserTests, waitForTestIdText } from "../helpers/browser";
import { finishMorning } from "../helpers/morning";
import { SAMPLE_UNITS } from "../helpers/polls";
import { createMeeting, startTestServer } from "../helpers/server";

/** Where screenshots go (SCREENSHOT_DIR), for a person to look at; none when unset. */
const SHOTS = process.env.SCREENSHOT_DIR;
const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: false });
};

const field = (page: Page, path: string) => page.getByTestId(`f-${path}`);

describe.skipIf(skipBrowserTests)("the organisers' home and the set-up forms at 1280×800", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let page: Page;
  let finishedId: string;

  beforeAll(async () => {
    server = await startTestServer();
    await ensureDemoMeeting(server.store, server.service);
    const finished = await createMeeting(server);
    finishedId = finished.meetingId;
    await finishMorning(server, finished, SAMPLE_UNITS, "BDT", "STP");
    browser = await launchBrowser();
    page = await openPage(browser, { width: 1280, height: 800 });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("opens with the admin token from the start-up address and lists two clusters, the finished meeting with its head and deputy", async () => {
    await page.goto(`${server.url}/admin#k=${server.adminToken}`);
    await waitForTestIdText(page, "admin-scope", "Ban Thi đua – Khen thưởng tỉnh");
    // The token left the address bar.
    expect(page.url()).not.toContain(server.adminToken);
    await expect.poll(() => page.getByTestId("admin-meeting").count()).toBe(3);
    const groups = await page.getByTestId("admin-group").allTextContents();
    expect(groups.some((g) => g.includes("Cụm thi đua số 2"))).toBe(true);
    expect(groups.some((g) => g.includes("Cụm thi đua số 8"))).toBe(true);
    const row = page.locator(`[data-meeting-id="${finishedId}"]`);
    await expect.poll(() => row.getByTestId("admin-meeting-status").textContent()).toBe("Đã ký giao ước");
    expect(await row.getByTestId("admin-meeting-elected").textContent()).toContain("Ban Dân tộc tỉnh Thanh Hóa");
    expect(await row.getByTestId("admin-meeting-elected").textContent()).toContain("Sở Tư pháp tỉnh Thanh Hóa");
    expect(await row.getByTestId("admin-meeting-units").textContent()).toBe("8/8 đơn vị có mặt");
    await shot(page, "admin");

    await page.getByTestId("admin-search").fill("cum thi dua so 2");
    await expect.poll(() => page.getByTestId("admin-meeting").count()).toBe(1);
    await page.getByTestId("admin-search").fill("");
  });

  it("opens a meeting's chair console from its row, signed in with the meeting's chair link", async () => {
    const row = page.locator(`[data-meeting-id="${finishedId}"]`);
    const [chair] = await Promise.all([page.context().waitForEvent("page"), row.getByRole("button", { name: "Chủ trì" }).click()]);
    await chair.waitForURL(`**/m/${finishedId}/chair`);
    await chair.getByTestId("agenda-next").waitFor();
    await chair.close();
  });

  it("shows the province results with the acclaimed units, the head and the deputy", async () => {
    await page.getByTestId("admin-tab-results").click();
    await waitForTestIdText(page, "results-cluster", "Cụm thi đua số 8");
    const text = (await page.getByTestId("results-cluster").allTextContents()).join("\n");
    expect(text).toContain("Ban Dân tộc tỉnh Thanh Hóa");
    expect(text).toContain("99,5");
    expect(text).toContain("Được suy tôn");
    expect(text).toContain("Cụm chưa thống nhất chấm điểm.");
    await shot(page, "results");
    await page.getByTestId("admin-tab-meetings").click();
    await page.getByTestId("admin-meeting").first().waitFor();
  });

  it("creates a meeting entirely through the forms, with every problem named in Vietnamese, and lists it", async () => {
    await page.getByTestId("admin-new").click();
    await page.getByTestId("start-blank").click();
    // An empty form: the problems name their fields in Vietnamese, never "Required".
    await waitForTestIdText(page, "problem-cluster.name", "không được để trống");
    await waitForTestIdText(page, "form-problems", "Danh sách đơn vị: cần ít nhất 2 mục");
    expect(await page.getByTestId("form-problems").textContent()).not.toMatch(/Required|Expected|Invalid/);
    expect(await page.getByTestId("create-meeting").isDisabled()).toBe(true);
    await shot(page, "setup-empty");

    await field(page, "cluster.name").fill("Cụm thi đua số 5");
    await field(page, "cluster.province").fill("Thanh Hóa");
    await field(page, "cluster.year").fill("2025");
    await field(page, "conference.title").fill("Hội nghị tổng kết phong trào thi đua năm 2025 Cụm thi đua số 5");
    await field(page, "conference.date").fill("2026-01-16");

    const units = [
      ["SYT", "Sở Y tế tỉnh Thanh Hóa", "Sở Y tế", "head"],
      ["SGDDT", "Sở Giáo dục và Đào tạo tỉnh Thanh Hóa", "Sở GD&ĐT", "deputy"],
      ["SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch tỉnh Thanh Hóa", "Sở VHTT&DL", "member"],
    ] as const;
    for (const [i, [code, name, short, role]] of units.entries()) {
      await page.getByTestId("add-unit").click();
      await field(page, `units.${i}.code`).fill(code.toLowerCase()); // typed in lower case, kept in capitals
      await field(page, `units.${i}.name`).fill(name);
      await field(page, `units.${i}.shortName`).fill(short);
      await field(page, `units.${i}.role`).selectOption(role);
    }
    expect(await field(page, "units.0.code").inputValue()).toBe("SYT");
    // Two heads at once is named as the list's problem, then fixed.
    await field(page, "units.2.role").selectOption("head");
    await waitForTestIdText(page, "problem-units", "phải có đúng một đơn vị là Trưởng cụm (đang có 2)");
    await field(page, "units.2.role").selectOption("member");
    // Reorder: the third unit moves up.
    await page.getByTestId("unit-row-2").getByRole("button", { name: "Đưa Sở VHTT&DL lên" }).click();
    expect(await field(page, "units.1.code").inputValue()).toBe("SVHTTDL");

    await page.getByTestId("add-group").click();
    await field(page, "criteria.groups.0.name").fill("Thực hiện nhiệm vụ chính trị");
    await field(page, "criteria.groups.0.max").fill("60");
    await field(page, "criteria.groups.0.items").fill("Hoàn thành chỉ tiêu được giao\nTham mưu có chất lượng");
    await page.getByTestId("add-group").click();
    await field(page, "criteria.groups.1.name").fill("Công tác thi đua, khen thưởng");
    await field(page, "criteria.groups.1.max").fill("40");
    await page.getByTestId("add-bonus").click();
    await field(page, "criteria.bonus.items.0.name").fill("Được Thủ tướng tặng Bằng khen");
    await field(page, "criteria.bonus.cap").fill("5");
    await page.getByTestId("add-deduction").click();
    await field(page, "criteria.deductions.0.name").fill("Có cán bộ bị kỷ luật");
    await field(page, "criteria.deductions.0.maxCount").fill("0");
    await waitForTestIdText(page, "problem-criteria.deductions.0.maxCount", "phải từ 1 trở lên");
    await field(page, "criteria.deductions.0.maxCount").fill("3");

    await page.getByTestId("add-agenda").click();
    await field(page, "agenda.0.time").fill("8:00");
    await waitForTestIdText(page, "problem-agenda.0.time", "giờ viết dạng HH:MM");
    await field(page, "agenda.0.time").fill("08:00");
    await field(page, "agenda.0.title").fill("Khai mạc");
    await page.getByTestId("add-agenda").click();
    await field(page, "agenda.1.title").fill("Bầu Trưởng cụm, Phó Trưởng cụm năm 2026");

    await field(page, "rules.quorum.numerator").fill("3");
    await field(page, "rules.quorum.denominator").fill("4");
    await field(page, "rules.signingOrder").selectOption("head_first");
    await field(page, "rules.selfVoteAllowed").uncheck();

    await field(page, "pledge.header.left").fill("UBND TỈNH THANH HÓA\nCỤM THI ĐUA SỐ 5");
    await field(page, "pledge.header.placeDate").fill("Thanh Hóa, ngày 16 tháng 01 năm 2026");
    await field(page, "pledge.legalBases").fill("Luật Thi đua, khen thưởng năm 2022");
    await page.getByTestId("add-section").click();
    await field(page, "pledge.sections.0.heading").fill("Các đơn vị trong Cụm cam kết");
    await field(page, "pledge.sections.0.commitments").fill("Hoàn thành xuất sắc nhiệm vụ năm 2026\nĐẩy mạnh chuyển đổi số");
    await field(page, "pledge.signatureCaption").fill("ĐẠI DIỆN CÁC ĐƠN VỊ TRONG CỤM THI ĐUA SỐ 5");

    await waitForTestIdText(page, "form-status", "Hợp lệ");
    await shot(page, "setup-form");
    await page.getByTestId("create-meeting").click();
    await page.getByTestId("setup-created").waitFor();
    const meetingId = (await page.getByTestId("created-meeting-id").textContent()) ?? "";
    expect(meetingId).not.toBe("");

    const stored = await server.store.getMeeting(meetingId);
    expect(stored?.definition).toMatchObject({
      cluster: { name: "Cụm thi đua số 5", year: 2025 },
      units: [{ code: "SYT", role: "head" }, { code: "SVHTTDL", role: "member" }, { code: "SGDDT", role: "deputy" }],
      criteria: { groups: [{ id: "G1", max: 60, items: ["Hoàn thành chỉ tiêu được giao", "Tham mưu có chất lượng"] }, { id: "G2", max: 40 }], bonus: { cap: 5 } },
      rules: { quorum: { comparison: "gte", numerator: 3, denominator: 4 }, signingOrder: "head_first", selfVoteAllowed: false },
      pledge: { header: { left: ["UBND TỈNH THANH HÓA", "CỤM THI ĐUA SỐ 5"] }, sections: [{ commitments: ["Hoàn thành xuất sắc nhiệm vụ năm 2026", "Đẩy mạnh chuyển đổi số"] }] },
    });

    await page.goto(`${server.url}/admin`);
    const row = page.locator(`[data-meeting-id="${meetingId}"]`);
    await row.waitFor();
    expect(await row.getByTestId("admin-meeting-title").textContent()).toBe("Hội nghị tổng kết phong trào thi đua năm 2025 Cụm thi đua số 5");
    expect(await row.getByTestId("admin-meeting-status").textContent()).toBe("Chưa bắt đầu");

    // Not begun: its set-up can still be edited through the same forms.
    await row.getByTestId("admin-edit").click();
    await waitForTestIdText(page, "edit-banner", "Hội nghị chưa bắt đầu");
    await expect.poll(() => field(page, "conference.venue").inputValue()).toBe("");
    await field(page, "conference.venue").fill("Hội trường Sở Y tế");
    await page.getByTestId("create-meeting").click();
    await page.getByTestId("setup-saved").waitFor();
    expect((await server.store.getMeeting(meetingId))?.definition.conference.venue).toBe("Hội trường Sở Y tế");
  });

  it("gives a cluster's secretariat a link that lists only that cluster's meetings", async () => {
    await page.goto(`${server.url}/admin`);
    await page.getByTestId("links-cluster").selectOption(SAMPLE_CLUSTER_ID);
    await page.getByTestId("links-create").click();
    const url = ((await page.getByTestId("links-made").locator("code").textContent()) ?? "").trim();
    expect(url).toMatch(/\/admin#k=[A-Za-z0-9_-]{32}$/);
    const other = await openPage(browser, { width: 1280, height: 800 });
    await other.goto(`${server.url}/admin${url.slice(url.indexOf("#"))}`);
    await waitForTestIdText(other, "admin-scope", "Ban tổ chức");
    await expect.poll(() => other.getByTestId("admin-meeting").count()).toBe(1);
    expect(await other.getByTestId("admin-meeting-title").textContent()).toContain("[Dữ liệu mẫu]");
    expect(await other.getByTestId("admin-tab-results").count()).toBe(0);
    await other.context().close();
  });

  it("makes next year's meeting from the finished one and shows the prefilled form", async () => {
    await page.goto(`${server.url}/admin`);
    const row = page.locator(`[data-meeting-id="${finishedId}"]`);
    await row.getByTestId("admin-next-year").click();
    await page.getByTestId("next-year-banner").waitFor();
    await expect.poll(() => field(page, "cluster.year").inputValue()).toBe("2022");
    expect(await field(page, "conference.date").inputValue()).toBe("2023-01-14");
    expect(await field(page, "conference.title").inputValue()).toBe("Hội nghị tổng kết phong trào thi đua, khen thưởng năm 2022, ký giao ước thi đua năm 2023");
    // The elected head (Ban Dân tộc) and deputy (Sở Tư pháp) hold those roles; last year's head is a member.
    expect(await field(page, "units.1.code").inputValue()).toBe("BDT");
    expect(await field(page, "units.1.role").inputValue()).toBe("head");
    expect(await field(page, "units.7.code").inputValue()).toBe("STP");
    expect(await field(page, "units.7.role").inputValue()).toBe("deputy");
    expect(await field(page, "units.0.role").inputValue()).toBe("member");
    expect(await field(page, "pledge.header.title").inputValue()).toBe("BẢN GIAO ƯỚC THI ĐUA NĂM 2023");
    expect(await field(page, "pledge.sections.0.commitments").inputValue()).not.toBe("");
    await waitForTestIdText(page, "form-status", "Hợp lệ");
    await shot(page, "next-year");
  });
});
