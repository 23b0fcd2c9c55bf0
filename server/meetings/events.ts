import { EventEmitter } from "node:events";

/**
 * Facts one domain tells the others, inside one process (e.g. a published pledge-adoption poll
 * adopts the pledge). Listeners must not throw; they log their own failures.
 */
export interface MeetingEventMap {
  "scores.locked": { meetingId: string; ranking: string[] };
  "scores.unlocked": { meetingId: string };
  /** A poll changed state (opened, closed, published, voided…): the pledge locks its draft while an adoption vote runs. */
  "poll.changed": {
    meetingId: string;
    pollId: string;
    subject: "ranking" | "head" | "deputy" | "pledge" | "other";
    state: "draft" | "open" | "closed" | "published" | "void";
  };
  /** A poll reached "published"; `subject` says what it decided. */
  "poll.published": {
    meetingId: string;
    pollId: string;
    subject: "ranking" | "head" | "deputy" | "pledge" | "other";
    /** "adopted" | "rejected" for motions, "elected" | "runoff_needed" for elections, "decided" for per-candidate. */
    outcome: string;
    /** The elected unit, for elections. */
    elected?: string;
  };
}

export class MeetingEvents {
  private readonly emitter = new EventEmitter();

  emit<K extends keyof MeetingEventMap>(event: K, payload: MeetingEventMap[K]): void {
    this.emitter.emit(event, payload);
  }

  on<K extends keyof MeetingEventMap>(event: K, listener: (payload: MeetingEventMap[K]) => void): void {
    this.emitter.on(event, listener);
  }
}
