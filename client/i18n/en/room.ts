import type { viRoom } from "../vi/room";

export const enRoom: Record<keyof typeof viRoom, string> = {
  "room.page": "Page {n} of {total}",
  "room.poll.passedCount": "{n} of {total} units passed",
  "room.task.title": "Your unit's tasks now",
  "room.task.none": "Nothing to do yet — follow the current item.",
  "room.task.poll": "Vote open: {title}",
  "room.task.cross": "Cross-check {unit}",
  "room.task.sign": "Sign the emulation pledge",
  "room.task.go.poll": "Vote",
  "room.task.go.cross": "Score",
  "room.task.go.pledge": "Sign",
  "room.task.offline": "Offline — these tasks are kept; ballots and scores are sent when the network is back.",
  "room.disabled.offline": "Cannot send while offline — the button comes back when the network does.",
  "room.disabled.pickAll": "Choose for every unit to continue.",
  "room.disabled.pickOne": "Choose one unit (or a blank ballot) to continue.",
  "room.actor.poll": "The result of the vote “{title}”",
  "room.actor.pollUnnamed": "The result of a vote",
  "room.journal.other": "Other event (technical details)",
  "room.pledge.adoptConfirm": "Adopt the pledge as chair, without a vote? Once adopted, its text can no longer be edited.",
  "room.chair.title": "The chair's console",
};
