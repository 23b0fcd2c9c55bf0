import type { JournalEntry } from "../../shared/journal/chain";
import type { MeetingRoom } from "../meetings/room";
import { TALLY_EVERYONE_MS, TALLY_FLUSH_MS } from "./tally-broadcaster";

/** Ballots move the journal head shown in meeting:state at most this often: the cadence of the tally ticks everyone gets. */
export const JOURNAL_NOTE_MS = TALLY_EVERYONE_MS;

interface Slot {
  /** The newest ballot entry the room has not been told of. */
  entry: JournalEntry | null;
  timer: NodeJS.Timeout | null;
  notedAt: number;
}

/**
 * When ballots move the journal head a meeting shows. Each journal entry moves the head in meeting:state (the
 * big screen prints it, the journal page reloads on it), a delta to every socket of the meeting. Ballots move it
 * at most every JOURNAL_NOTE_MS, and in step with the tally: a tally flush for everyone notes the newest ballot
 * entry when that much time has passed (or when the turnout is complete) and sends the delta with its poll:state,
 * one write per socket. The timer here only catches an entry no tally flush took (the burst ended before the head was
 * due); a transition makes the head exact at once.
 */
export class BallotHeadNotes {
  private readonly slots = new Map<string, Slot>();

  /** A poll transition: its entry is the newest, shown at once (it also covers every ballot before it). */
  transition(room: MeetingRoom, entry: JournalEntry): void {
    const slot = this.slots.get(room.id);
    if (slot) slot.entry = null;
    room.noteJournal(entry);
  }

  /** A ballot's entry: shown with the next tally flush once due, or by the fallback timer. */
  ballot(room: MeetingRoom, entry: JournalEntry): void {
    let slot = this.slots.get(room.id);
    if (!slot) this.slots.set(room.id, (slot = { entry: null, timer: null, notedAt: 0 }));
    slot.entry = entry;
    if (slot.timer) return;
    const s = slot;
    s.timer = setTimeout(
      () => {
        s.timer = null;
        if (!s.entry) return;
        this.noteNow(room, s);
        room.flushPending();
      },
      // A tally flush for everyone follows every ballot within TALLY_EVERYONE_MS: this fires only if none came once the head was due.
      Math.max(s.notedAt + JOURNAL_NOTE_MS, Date.now() + TALLY_EVERYONE_MS) - Date.now() + TALLY_FLUSH_MS,
    );
    s.timer.unref();
  }

  /** Before a tally flush: tells the room of the newest ballot entry when it is due (or `now`, the turnout being complete). */
  beforeTally(room: MeetingRoom, now: boolean): void {
    const slot = this.slots.get(room.id);
    if (slot?.entry && (now || Date.now() >= slot.notedAt + JOURNAL_NOTE_MS)) this.noteNow(room, slot);
  }

  private noteNow(room: MeetingRoom, slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.notedAt = Date.now();
    const entry = slot.entry;
    slot.entry = null;
    if (entry) room.noteJournal(entry);
  }
}
