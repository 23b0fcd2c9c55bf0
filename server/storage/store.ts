import type { MeetingDefinition } from "../../shared/definition/schema";
import type { JournalEntry } from "../../shared/journal/chain";
import type { JournalEvent } from "../../shared/journal/entries";
import type { Role } from "../../shared/protocol/roles";
import type { ScreenView } from "../../shared/protocol/meeting";
import type { ScoreState } from "../../shared/protocol/scores";
import type { RehearsalRemoved } from "../../shared/protocol/rehearsal";

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
  /** Set while the meeting is in rehearsal (server/rehearsal): when it started and by whom. */
  rehearsal?: { startedAt: number; actor: string; before: Omit<PersistedMeetingState, "rehearsal"> } | null;
}

/** A new journal entry: who, optionally when, and a typed event (shared/journal/entries.ts) — a wrong type name or data does not compile. */
export type JournalInput = { actor: string; ts?: number } & JournalEvent;

export interface StoredDoc {
  snapshot: Uint8Array | null;
  updates: Uint8Array[];
  /** Sequence number of the last update, for compaction. */
  lastSeq: number;
}

/** One stored Yjs update with its sequence number in the document's log. */
export interface DocEntry {
  seq: number;
  update: Uint8Array;
}

/**
 * What several instances sharing one store need to keep a Yjs document in step (Redis mode). The
 * SQLite store has none: one process is the only writer there (the data folder is locked), so a
 * document's copy in memory is always the latest.
 */
export interface SharedDocLog {
  /**
   * Appends accepted updates only if the document's last sequence number is still `afterSeq` (the state
   * the caller checked them against); the new last seq, or null when another instance appended first
   * (catch up with readDocAfter and check again). Resolves once durable.
   */
  appendDocUpdatesAfter(meetingId: string, doc: DocName, afterSeq: number, updates: Uint8Array[]): Promise<number | null>;
  /**
   * Everything after `afterSeq`, at one instant: the entries, and the snapshot (covering up to `upto`)
   * when entries after `afterSeq` were compacted away — never a silent gap.
   */
  readDocAfter(meetingId: string, doc: DocName, afterSeq: number): Promise<{ snapshot: Uint8Array | null; upto: number; entries: DocEntry[] }>;
  /**
   * Delivers the entries appended after `afterSeq` (by any instance, this one too) as they land, in
   * order, to one listener per document in this process; returns the function that stops it. Entries may
   * skip seqs (compaction); the listener then reads with readDocAfter.
   */
  follow(meetingId: string, doc: DocName, afterSeq: number, onEntries: (entries: DocEntry[]) => void): () => void;
}

/** A final PDF handed out (the register /verify reads to say "this is exactly the file we issued"). */
export interface IssuedDocumentRecord {
  kind: "pledge" | "minutes";
  sha256: string;
  size: number;
  issuedAt: number;
  /** Subject of the certificate that signed the file (PAdES), null when unsigned. */
  signer: string | null;
}

/** A cluster organiser's link (organisers' side): lists and sets up one cluster's meetings. Only the token's SHA-256 is stored. */
export interface OrganiserLinkRecord {
  linkId: string;
  clusterId: string;
  label: string;
  tokenHash: string;
  createdAt: number;
  revokedAt: number | null;
}

export type { DocName } from "../../shared/protocol/documents";
import type { DocName } from "../../shared/protocol/documents";
import type { PledgeDecision, PledgeRecord, SignatureRecord } from "./pledge";
import type { CastInput, CastOutcome, PollDecision, PollRecord, StoredBallot, VoterRecord } from "./polls";

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

  /**
   * A link's first join: sets firstSeenAt and journals it only if the link was never seen, atomically, so
   * two instances admitting the link's first tablets at once journal one check-in. Null when already seen.
   */
  recordFirstSeen(meetingId: string, linkId: string, at: number, journal: JournalInput): Promise<JournalEntry | null>;

  getMeetingState(meetingId: string): Promise<PersistedMeetingState | null>;
  /** Stores the new state and its journal entry in one transaction. */
  commitMeetingState(meetingId: string, state: PersistedMeetingState, journal: JournalInput): Promise<JournalEntry>;
  /**
   * Runs `decide` on the state as stored and stores its next state and journal entry atomically: no
   * other state commit or journal write falls between the read and the write (Redis re-runs `decide`
   * when another instance committed first). A refusal thrown by `decide` stores nothing.
   */
  updateMeetingState(
    meetingId: string,
    decide: (state: PersistedMeetingState) => { state: PersistedMeetingState; journal: JournalInput },
  ): Promise<{ state: PersistedMeetingState; entry: JournalEntry }>;

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
  /** Present when several instances share the store's Yjs documents (Redis); absent on SQLite. */
  readonly docLog?: SharedDocLog;

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

  /** The meeting's polls in creation order. */
  listPolls(meetingId: string): Promise<PollRecord[]>;
  getPoll(meetingId: string, pollId: string): Promise<PollRecord | null>;
  /** Who voted, by unit (a secret poll's voters carry neither ballot nor receipt). */
  pollVoters(meetingId: string, pollId: string): Promise<VoterRecord[]>;
  /** The poll's ballots in receipt order (random, never turnout order); a store that seals them opens them. */
  pollBallots(meetingId: string, pollId: string): Promise<StoredBallot[]>;
  /** The polls one unit voted in. */
  unitVotes(meetingId: string, unit: string): Promise<{ pollId: string; castAt: number }[]>;
  /** A new poll and its journal entry; CONFLICT when the id is taken. */
  createPoll(poll: PollRecord, journal: JournalInput): Promise<JournalEntry>;
  /**
   * Runs `decide` on the poll (and its ballots) as stored and stores the next record and its journal
   * entries atomically: no cast, transition or journal write falls between the read and the write.
   * NOT_FOUND when there is no such poll; a refusal thrown by `decide` stores nothing.
   */
  updatePoll<T>(meetingId: string, pollId: string, decide: PollDecision<T>): Promise<{ result: T; poll: PollRecord; entries: JournalEntry[] }>;
  /**
   * One ballot, atomically: a retry of a stored operation gets its first answer (even after the close);
   * then the poll must be open, the unit recorded present (roll call or check-in), and without a ballot;
   * then the ballot (secret: apart from who voted), the voter and the journal entry (secret: without
   * the choice) are stored together.
   */
  castBallot(meetingId: string, pollId: string, input: CastInput): Promise<CastOutcome>;

  /** Records a final PDF handed out; the first record of a file (by SHA-256) stays. */
  recordIssuedDocument(meetingId: string, doc: IssuedDocumentRecord): Promise<void>;
  findIssuedDocument(meetingId: string, sha256: string): Promise<IssuedDocumentRecord | null>;
  /** In the order they were issued. */
  listIssuedDocuments(meetingId: string): Promise<IssuedDocumentRecord[]>;

  /** Keeps the Yjs documents' state at a rehearsal's start (replacing an earlier one). */
  putRehearsalSnapshot(meetingId: string, docs: { name: DocName; snapshot: Uint8Array }[]): Promise<void>;
  getRehearsalSnapshot(meetingId: string): Promise<{ name: DocName; snapshot: Uint8Array }[]>;
  /**
   * Ends a rehearsal, atomically: deletes the meeting's polls, ballots and voters, the pledge record and
   * signatures, the speaker turns and the discussion state; replaces both Yjs documents with the
   * snapshot kept at the start (and retires every client id bound since, so an old copy cannot write
   * back); stores `state`; appends the journal entry built from the counts removed. CONFLICT without a snapshot.
   */
  purgeRehearsal(
    meetingId: string,
    input: { state: (current: PersistedMeetingState) => PersistedMeetingState; journal: (removed: RehearsalRemoved) => JournalInput },
  ): Promise<{ entry: JournalEntry; removed: RehearsalRemoved; state: PersistedMeetingState }>;

  /** The ids of the archived meetings (read-only; hidden from the organisers' list by default). */
  listArchivedMeetings(): Promise<string[]>;
  isMeetingArchived(meetingId: string): Promise<boolean>;
  /** Archives or restores a meeting with its journal entry, atomically; null (nothing stored) when it already is so. */
  setMeetingArchived(meetingId: string, archived: boolean, journal: JournalInput): Promise<JournalEntry | null>;
  /** A cluster organiser's link; CONFLICT when the id or the token hash is taken. */
  createOrganiserLink(link: OrganiserLinkRecord): Promise<void>;
  findOrganiserLink(tokenHash: string): Promise<OrganiserLinkRecord | null>;
  /** In the order they were created. */
  listOrganiserLinks(): Promise<OrganiserLinkRecord[]>;
  /** Revokes a live link; false when there is no such live link. */
  revokeOrganiserLink(linkId: string, at: number): Promise<boolean>;

  close(): Promise<void>;
}
