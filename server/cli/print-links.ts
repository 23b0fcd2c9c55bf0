import type { LinksByRole } from "../meetings/links";

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
