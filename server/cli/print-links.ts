import { groupLinks, type LinksByRole } from "../meetings/links";
import type { MeetingService } from "../meetings/service";
import type { Store } from "../storage/store";

/** Prints join links for people to click or copy. */
export function printLinks(links: LinksByRole): void {
  const lines = [
    `  Chủ trì (chair):            ${links.chair}`,
    `  Thư ký (secretary):         ${links.secretary}`,
    `  Màn hình chiếu (screen):    ${links.screen}`,
    `  Theo dõi (public follow):   ${links.public}`,
    `  Đại biểu (delegates):`,
    ...Object.entries(links.delegates).map(([unit, urls]) => `    ${unit.padEnd(8)} ${urls.join("  ")}`),
  ];
  process.stdout.write(`${lines.join("\n")}\n\n`);
}

/** What printStartup needs of the running server. */
interface StartedServer {
  adminToken: string;
  store: Pick<Store, "findDemoMeeting" | "listMeetings">;
  service: Pick<MeetingService, "baseUrl" | "links">;
}

/**
 * The last thing `npm start` prints: the addresses a person opens, in plain words — the organisers'
 * home (with the admin token in the fragment, which never reaches a server log), and the demo's chair,
 * big screen and join cards.
 */
export async function startupMessage(server: StartedServer): Promise<string> {
  const base = server.service.baseUrl;
  const meetings = await server.store.listMeetings();
  const demo = await server.store.findDemoMeeting();
  const lines = [
    "────────────────────────────────────────────────────────────",
    "Concord đã sẵn sàng. Mở các địa chỉ sau trong trình duyệt (Concord is ready; open these addresses):",
    "",
    "  Trang ban tổ chức — mọi hội nghị, thiết lập, kết quả toàn tỉnh (organisers' home, admin token included):",
    `    ${base}/admin#k=${server.adminToken}`,
    `    (${meetings.length} hội nghị đã có; giữ kín địa chỉ này — ai có nó là quản trị được mọi hội nghị.)`,
  ];
  if (demo) {
    const links = groupLinks(await server.service.links(demo.id));
    lines.push(
      "",
      `  Hội nghị mẫu — ${demo.definition.cluster.name} (demo meeting):`,
      `    Chủ trì (chair):              ${links.chair}`,
      `    Màn hình chiếu (big screen):  ${links.screen}`,
      `    Thẻ tham dự (join cards):     ${base}/m/${demo.id}/cards`,
      "      (mở liên kết Chủ trì trên máy này trước; open the chair link on this machine first)",
    );
  }
  lines.push("────────────────────────────────────────────────────────────");
  return `${lines.join("\n")}\n`;
}

export async function printStartup(server: StartedServer): Promise<void> {
  process.stdout.write(`\n${await startupMessage(server)}\n`);
}
