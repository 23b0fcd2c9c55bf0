/**
 * What an agenda item is about, read from its title: the chair's console opens that item's panel and,
 * when the chair lets it, the big screen shows its view. Titles are the organisers' own Vietnamese
 * ("Thông qua kết quả tự chấm, chấm chéo", "Bình xét, suy tôn (bỏ phiếu kín)", "Lễ ký kết giao ước");
 * an item that matches nothing (a speech, the opening) has no panel of its own.
 */
export type AgendaKind = "scores" | "votes" | "pledge" | "discussion";

/** The big-screen view for each kind (ScreenView values; the agenda when the item has no kind). */
export const SCREEN_OF_KIND = {
  scores: "scores",
  votes: "poll",
  pledge: "pledge",
  discussion: "speaker",
} as const satisfies Record<AgendaKind, string>;

/** In order: the first that matches wins ("bầu … bàn giao" is a vote; "giao ước … biểu quyết" a pledge). */
const RULES: [AgendaKind, RegExp][] = [
  ["pledge", /giao ước|cam kết thi đua/],
  ["scores", /chấm điểm|tự chấm|chấm chéo|bảng điểm|kết quả chấm/],
  ["votes", /bỏ phiếu|biểu quyết|bầu |bầu$|suy tôn|bình xét|bình chọn/],
  ["discussion", /thảo luận|tham luận|ý kiến của các đơn vị/],
];

export function agendaItemKind(title: string): AgendaKind | null {
  const text = title.normalize("NFC").toLocaleLowerCase("vi");
  for (const [kind, re] of RULES) if (re.test(text)) return kind;
  return null;
}
