import type { MeetingDefinition } from "../../shared/definition/schema";
import type { JournalEntry } from "../../shared/journal/chain";
import type { Role } from "../../shared/protocol/roles";
import type { ScreenView } from "../../shared/protocol/meeting";
import type { ScoreState } from "../../shared/protocol/scores";

export interface MeetingRecord {
  id: string;
  definition: MeetingDefinition;
  isDemo: boolean;
  createdAt: number;
}

/** One join link. The token itself is never stored, only its SHA-256. */
export interface LinkRecord {
  meetingId: string;
  /** Stable id within the meeting: "chair", "delegate-BDT-1"… */
  linkId: string;
  role: Role;
  unit: string | null;
  label: string;
  /** Bumped when a link is re-issued, so the new token differs from the revoked one. */
  generation: number;
  tokenHash: string;
  revokedAt: number | null;
  firstSeenAt: number | null;
}

/** The meeting's own live state (not the Yjs documents, not polls). */
export interface PersistedMeetingState {
  agendaIndex: number;
  screen: ScreenView;
  /** Manual roll-call marks by unit code. */
  marks: Record<string, "present" | "absent">;
  /** The score table's workflow; absent in meetings created before it existed. */
  scores?: ScoreState;
}

export interface JournalInput {
  actor: string;
  type: string;
  data: unknown;
  ts?: number;
}

export interface StoredDoc {
  snapshot: Uint8Array | null;
  updates: Uint8Array[];
  /** Sequence number of the last update, for compaction. */
  lastSeq: number;
}

export type { DocName } from "../../shared/protocol/documents";
import type { DocName } from "../../shared/protocol/documents";
import type { PledgeDecision, PledgeRecord, SignatureRecord } from "./pledge";

/**
 * Everything Concord stores. Every write that a user is told about is durable when the promise
 * resolves. The embedded implementation is SQLite; the interface is async so that another one can
 * live behind it.
 */
export interface Store {
  createMeeting(input: {
    meeting: MeetingRecord;
    links: LinkRecord[];
    state: PersistedMeetingState;
    docs: { name: DocName; update: Uint8Array }[];
    journal: JournalInput;
  }): Promise<void>;
  getMeeting(id: string): Promise<MeetingRecord | null>;
  findDemoMeeting(): Promise<MeetingRecord | null>;
  listMeetings(): Promise<MeetingRecord[]>;

  findLinkByTokenHash(tokenHash: string): Promise<LinkRecord | null>;
  listLinks(meetingId: string): Promise<LinkRecord[]>;
  getLink(meetingId: string, linkId: string): Promise<LinkRecord | null>;
  /** Changes a link and journals why, in one transaction. */
  updateLink(
    meetingId: string,
    linkId: string,
    patch: Partial<Pick<LinkRecord, "revokedAt" | "generation" | "tokenHash" | "firstSeenAt">>,
    journal: JournalInput | null,
  ): Promise<JournalEntry | null>;

  getMeetingState(meetingId: string): Promise<PersistedMeetingState | null>;
  /** Stores the new state and its journal entry in one transaction. */
  commitMeetingState(meetingId: string, state: PersistedMeetingState, journal: JournalInput): Promise<JournalEntry>;

  appendJournal(meetingId: string, entry: JournalInput): Promise<JournalEntry>;
  readJournal(meetingId: string): Promise<JournalEntry[]>;
  journalHead(meetingId: string): Promise<{ seq: number; hash: string }>;

  loadDoc(meetingId: string, doc: DocName): Promise<StoredDoc>;
  /** Appends one accepted Yjs update; resolves once it is durable. Returns its sequence number. */
  appendDocUpdate(meetingId: string, doc: DocName, update: Uint8Array): Promise<number>;
  /** Appends several accepted updates in one transaction (one flush); returns the last sequence number. */
  appendDocUpdates(meetingId: string, doc: DocName, updates: Uint8Array[]): Promise<number>;
  /** Replaces the updates up to `uptoSeq` with one snapshot. */
  compactDoc(meetingId: string, doc: DocName, snapshot: Uint8Array, uptoSeq: number): Promise<void>;
  /** Which link first wrote with a Yjs client id (a client id is bound to one link for good). */
  clientBinding(meetingId: string, doc: DocName, clientId: number): Promise<string | null>;
  bindClient(meetingId: string, doc: DocName, clientId: number, linkId: string): Promise<void>;

  /** The pledge's record (drafting with version 0 when nothing happened yet). */
  getPledge(meetingId: string): Promise<PledgeRecord>;
  /** Live (not voided) signatures, in signing order. */
  listPledgeSignatures(meetingId: string): Promise<SignatureRecord[]>;
  /**
   * Runs `decide` on the pledge as stored and stores its change and journal entries atomically: no
   * other write to the pledge or the journal falls between the read and the write. A refusal thrown by
   * `decide`, or by the store (a second live signature of a unit), stores nothing.
   */
  updatePledge<T>(meetingId: string, decide: PledgeDecision<T>): Promise<{ result: T; entries: JournalEntry[] }>;

  close(): Promise<void>;
}
