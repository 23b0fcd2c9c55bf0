/** The room as people see it: big-screen pages, the tablet's task strip, the follow view, offline start. */
export const viRoom = {
  "room.page": "Trang {n}/{total}",
  "room.poll.passedCount": "{n}/{total} đơn vị được thông qua",
} as const;
