import type { viRoom } from "../vi/room";

export const enRoom: Record<keyof typeof viRoom, string> = {
  "room.page": "Page {n} of {total}",
  "room.poll.passedCount": "{n} of {total} units passed",
};
