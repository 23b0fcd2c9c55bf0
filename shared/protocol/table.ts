import type { z } from "zod";
import { EVENTS } from "./events";
import { ALL_ROLES, CHAIR_ONLY, DELEGATES_ONLY, ORGANISER_ROLES, type Role } from "./roles";
import {
  agendaGotoSchema,
  emptySchema,
  rollcallMarkSchema,
  screenShowSchema,
  type MeetingState,
  type MeetingStateMessage,
} from "./meeting";
import { scoresCopyLayerSchema, scoresLockSchema, scoresStageSchema, scoresUnlockSchema } from "./scores";
import {
  pollActionSchema,
  pollCastSchema,
  pollCreateSchema,
  pollSyncSchema,
  pollVoidSchema,
  type CastReceipt,
  type PollPending,
  type PollSyncReply,
  type PollView,
  type UnitVoted,
} from "./polls";
import {
  pledgeProposalDecisionSchema,
  pledgeSignSchema,
  pledgeUnfreezeSchema,
  type PledgeSignatureView,
  type PledgeState,
} from "./pledge";
import {
  docShowSchema,
  speakGiveSchema,
  speakReorderSchema,
  speakRequestSchema,
  type CurrentSpeaker,
  type QueuedSpeaker,
  type SpokenTurn,
} from "./discussion";
import { rehearsalEndSchema, rehearsalStartSchema, type RehearsalRemoved } from "./rehearsal";

/**
 * The Socket.IO protocol, one entry per event: the one source (docs/architecture.md, "Protocol table").
 * From it come the Socket.IO types (socket.ts), the server's registration (server/realtime/context.ts,
 * `handle`: schema, senders and reply type are read here, never passed by hand), the client's typed `send`
 * (client/realtime/meeting-client.ts) and the event tables of docs/protocol.md (`npm run docs:protocol`).
 *
 * The client imports this module with `import type` only: the schemas (zod) stay out of the tablet's first load.
 */

/**
 * What travels back (a reply's ok branch) or out (a server event): a type the compiler holds the server to,
 * and the fields the document lists. The server builds these objects itself, so they are typed, not parsed.
 */
export interface Shape<T> {
  /** Each top-level field with its type as the document shows it; null when the shape is only named. */
  readonly fields: Readonly<Record<string, string>> | null;
  /** The type's name in shared/protocol, when the document names it instead of listing fields. */
  readonly name: string | null;
  /** Never set: carries T for the types derived from the table. */
  readonly __type?: T;
}

/** A shape listed field by field: every key of T must be described, and no other (the compiler checks both). */
export function shape<T extends object>(
  fields: { readonly [K in keyof T]-?: string },
  name: string | null = null,
): Shape<T> {
  return { fields, name };
}

/** A shape the document names (its fields are described in prose, e.g. MeetingState). */
export function named<T>(name: string): Shape<T> {
  return { fields: null, name };
}

/** The ok branch of an acknowledgement that carries nothing but `ok: true`. */
export type Empty = Record<string, never>;
const NOTHING = shape<Empty>({});

/** One client → server event. Every one takes an acknowledgement: `{ ok: true, …reply }` or `{ ok: false, error }`. */
export interface ClientEventSpec {
  /** Parsed once at the edge; the handler sees its output. */
  readonly payload: z.ZodTypeAny;
  /** Who may send it: any other role is refused FORBIDDEN before the payload is read. */
  readonly senders: readonly [Role, ...Role[]];
  readonly reply: Shape<object>;
  /** One line for docs/protocol.md. */
  readonly summary: string;
}

/** One server → client event (no acknowledgement). */
export interface ServerEventSpec {
  readonly payload: Shape<unknown>;
  /** Who receives it, for the document. */
  readonly to: string;
  readonly summary: string;
}

const POLL_REPLY = shape<{ poll: PollView }>({ poll: "PollView" });
const PLEDGE_REPLY = shape<{ state: PledgeState }>({ state: "PledgeState" });

export const CLIENT_EVENTS = {
  // meeting (docs/protocol.md, "Socket.IO: meeting")
  [EVENTS.ROLLCALL_MARK]: {
    payload: rollcallMarkSchema,
    senders: ORGANISER_ROLES,
    reply: NOTHING,
    summary: "Marks a unit present or absent, or back to automatic (checked in).",
  },
  [EVENTS.AGENDA_GOTO]: {
    payload: agendaGotoSchema,
    senders: ORGANISER_ROLES,
    reply: NOTHING,
    summary: "Moves to an agenda item (0-based).",
  },
  [EVENTS.SCREEN_SHOW]: {
    payload: screenShowSchema,
    senders: ORGANISER_ROLES,
    reply: NOTHING,
    summary: "Chooses what the big screen shows.",
  },
  [EVENTS.MEETING_RESYNC]: {
    payload: emptySchema,
    senders: ALL_ROLES,
    reply: shape<{ state: MeetingState }>({ state: "MeetingState (full)" }),
    summary: "The full meeting state again (after a missed delta).",
  },
  // score table (docs/protocol.md, "Socket.IO: score table workflow")
  [EVENTS.SCORES_STAGE]: {
    payload: scoresStageSchema,
    senders: ORGANISER_ROLES,
    reply: NOTHING,
    summary: "Moves the score table to a stage; CONFLICT once locked.",
  },
  [EVENTS.SCORES_LOCK]: {
    payload: scoresLockSchema,
    senders: ORGANISER_ROLES,
    reply: shape<{ snapshotHash: string; ranking: string[] }>({
      snapshotHash: "string (SHA-256)",
      ranking: "string[] (unit codes in rank order)",
    }),
    summary: "Locks the table and fixes the ranking; CONFLICT when an agreed row is incomplete.",
  },
  [EVENTS.SCORES_UNLOCK]: {
    payload: scoresUnlockSchema,
    senders: ORGANISER_ROLES,
    reply: NOTHING,
    summary: "Unlocks the table, journaled with the reason.",
  },
  [EVENTS.SCORES_COPY]: {
    payload: scoresCopyLayerSchema,
    senders: ORGANISER_ROLES,
    reply: shape<{ copied: number }>({ copied: "number (cells copied)" }),
    summary: "Copies the self or cross layer into the agreed layer.",
  },
  // votes (docs/protocol.md, "Votes")
  [EVENTS.POLL_CREATE]: {
    payload: pollCreateSchema,
    senders: ORGANISER_ROLES,
    reply: POLL_REPLY,
    summary: "Drafts a poll.",
  },
  [EVENTS.POLL_OPEN]: {
    payload: pollActionSchema,
    senders: ORGANISER_ROLES,
    reply: POLL_REPLY,
    summary: "Opens a draft poll (quorum checked).",
  },
  [EVENTS.POLL_CLOSE]: {
    payload: pollActionSchema,
    senders: ORGANISER_ROLES,
    reply: POLL_REPLY,
    summary: "Closes an open poll.",
  },
  [EVENTS.POLL_PUBLISH]: {
    payload: pollActionSchema,
    senders: ORGANISER_ROLES,
    reply: POLL_REPLY,
    summary: "Publishes a closed poll's result.",
  },
  [EVENTS.POLL_VOID]: {
    payload: pollVoidSchema,
    senders: ORGANISER_ROLES,
    reply: POLL_REPLY,
    summary: "Voids a poll in any live state, with a reason.",
  },
  [EVENTS.POLL_RUNOFF]: {
    payload: pollActionSchema,
    senders: ORGANISER_ROLES,
    reply: POLL_REPLY,
    summary: "Drafts the runoff of a tied election.",
  },
  [EVENTS.POLL_CAST]: {
    payload: pollCastSchema,
    senders: DELEGATES_ONLY,
    reply: shape<CastReceipt>({ pollId: "string", receipt: "string (short code)", castAt: "number (ms)" }),
    summary:
      "The unit's ballot; checked against the poll's kind and candidates. A repeated opId gets the first answer.",
  },
  [EVENTS.POLL_SYNC]: {
    payload: pollSyncSchema,
    senders: ALL_ROLES,
    reply: shape<PollSyncReply>({
      polls: "PollView[]",
      pending: "PollPending[] (organisers)",
      mine: "UnitVote[] (delegates)",
    }),
    summary: "Every poll of the meeting, as on connect.",
  },
  // pledge (docs/protocol.md, "Pledge")
  [EVENTS.PLEDGE_ADOPT]: {
    payload: emptySchema,
    senders: CHAIR_ONLY,
    reply: PLEDGE_REPLY,
    summary: "The chair adopts the pledge (when the rules let the chair).",
  },
  [EVENTS.PLEDGE_FREEZE]: {
    payload: emptySchema,
    senders: ORGANISER_ROLES,
    reply: PLEDGE_REPLY,
    summary: "Freezes the adopted text for signing.",
  },
  [EVENTS.PLEDGE_UNFREEZE]: {
    payload: pledgeUnfreezeSchema,
    senders: CHAIR_ONLY,
    reply: PLEDGE_REPLY,
    summary: "Back to drafting; voids every signature.",
  },
  [EVENTS.PLEDGE_PROPOSAL_ACCEPT]: {
    payload: pledgeProposalDecisionSchema,
    senders: CHAIR_ONLY,
    reply: PLEDGE_REPLY,
    summary: "Accepts a unit's proposal into the draft.",
  },
  [EVENTS.PLEDGE_PROPOSAL_REJECT]: {
    payload: pledgeProposalDecisionSchema,
    senders: CHAIR_ONLY,
    reply: PLEDGE_REPLY,
    summary: "Rejects a unit's proposal.",
  },
  [EVENTS.PLEDGE_SIGN]: {
    payload: pledgeSignSchema,
    senders: DELEGATES_ONLY,
    reply: shape<{ signature: PledgeSignatureView; final: boolean }>({
      signature: "PledgeSignatureView",
      final: "boolean (the last unit signed)",
    }),
    summary: "Signs the frozen text whose hash the signer saw. A repeated opId gets the first answer.",
  },
  [EVENTS.PLEDGE_GET]: {
    payload: emptySchema,
    senders: ALL_ROLES,
    reply: PLEDGE_REPLY,
    summary: "The pledge's stage and signature wall.",
  },
  // discussion (docs/protocol.md, "Discussion")
  [EVENTS.SPEAK_REQUEST]: {
    payload: speakRequestSchema,
    senders: DELEGATES_ONLY,
    reply: shape<{ request: QueuedSpeaker }>({ request: "QueuedSpeaker" }),
    summary: "Asks for the floor for the delegate's unit.",
  },
  [EVENTS.SPEAK_WITHDRAW]: {
    payload: emptySchema,
    senders: DELEGATES_ONLY,
    reply: NOTHING,
    summary: "Withdraws the unit's waiting request.",
  },
  [EVENTS.SPEAK_GIVE]: {
    payload: speakGiveSchema,
    senders: ORGANISER_ROLES,
    reply: shape<{ current: CurrentSpeaker }>({ current: "CurrentSpeaker" }),
    summary: "Gives the floor to a waiting request.",
  },
  [EVENTS.SPEAK_END]: {
    payload: emptySchema,
    senders: ORGANISER_ROLES,
    reply: shape<{ turn: SpokenTurn }>({ turn: "SpokenTurn" }),
    summary: "Ends the current turn.",
  },
  [EVENTS.SPEAK_REORDER]: {
    payload: speakReorderSchema,
    senders: ORGANISER_ROLES,
    reply: NOTHING,
    summary: "Puts the waiting requests in this order.",
  },
  [EVENTS.DOC_SHOW]: {
    payload: docShowSchema,
    senders: ORGANISER_ROLES,
    reply: NOTHING,
    summary: "Shows a document page on the big screen (null takes it off).",
  },
  // rehearsal (docs/protocol.md, "Rehearsal")
  [EVENTS.REHEARSAL_START]: {
    payload: rehearsalStartSchema,
    senders: CHAIR_ONLY,
    reply: NOTHING,
    summary: "Puts the meeting in rehearsal (only before it has begun).",
  },
  [EVENTS.REHEARSAL_END]: {
    payload: rehearsalEndSchema,
    senders: CHAIR_ONLY,
    reply: shape<{ removed: RehearsalRemoved }>({ removed: "RehearsalRemoved (counts of what was removed)" }),
    summary: "Ends the rehearsal and removes everything done in it.",
  },
} as const satisfies Record<string, ClientEventSpec>;

export const SERVER_EVENTS = {
  [EVENTS.MEETING_STATE]: {
    payload: named<MeetingStateMessage>("MeetingState | MeetingStateDelta"),
    to: "the joining socket (full), then the whole meeting (deltas, coalesced)",
    summary: "The meeting state: full on connect, deltas after every change (see below).",
  },
  [EVENTS.POLL_LIST]: {
    payload: shape<PollSyncReply>({
      polls: "PollView[]",
      pending: "PollPending[] (organisers)",
      mine: "UnitVote[] (delegates)",
    }),
    to: "the joining socket",
    summary: "Every poll, on connect.",
  },
  [EVENTS.POLL_STATE]: {
    payload: named<PollView>("PollView"),
    to: "the whole meeting",
    summary: "One poll changed (coalesced for ballots; `version` orders them).",
  },
  [EVENTS.POLL_PENDING]: {
    payload: shape<PollPending>({
      pollId: "string",
      version: "number",
      voted: "string[] (unit codes)",
      notVoted: "string[] (unit codes)",
    }),
    to: "organisers",
    summary: "Who has and has not voted yet.",
  },
  [EVENTS.POLL_VOTED]: {
    payload: shape<UnitVoted>({ pollId: "string", receipt: "string (short code)", castAt: "number (ms)" }),
    to: "the voting unit's delegates",
    summary: "The unit's ballot was counted (its other tablet shows it at once).",
  },
  [EVENTS.PLEDGE_STATE]: {
    payload: named<PledgeState>("PledgeState"),
    to: "the joining socket, then the whole meeting",
    summary: "The pledge's stage and signature wall, after every change.",
  },
} as const satisfies Record<string, ServerEventSpec>;

type ClientTable = typeof CLIENT_EVENTS;
type ServerTable = typeof SERVER_EVENTS;

export type ClientEventName = keyof ClientTable;
export type ServerEventName = keyof ServerTable;
/** What the client sends (before defaults and trimming). */
export type PayloadIn<E extends ClientEventName> = z.input<ClientTable[E]["payload"]>;
/** What the handler receives (parsed). */
export type PayloadOut<E extends ClientEventName> = z.output<ClientTable[E]["payload"]>;
/** The ok branch of the acknowledgement, without `ok`. */
export type ReplyOf<E extends ClientEventName> = ClientTable[E]["reply"] extends Shape<infer T> ? T : never;
export type SendersOf<E extends ClientEventName> = ClientTable[E]["senders"][number];
/** The events a role may send; for a union of roles, the events every one of them may send. */
export type EventsFor<R extends Role> = {
  [E in ClientEventName]: [R] extends [SendersOf<E>] ? E : never;
}[ClientEventName];
export type ServerPayloadOf<E extends ServerEventName> =
  ServerTable[E]["payload"] extends Shape<infer T> ? T : never;

type EventName = (typeof EVENTS)[keyof typeof EVENTS];
/** Compile-time: every name in EVENTS has its entry in one of the two tables, and the tables name nothing else. */
type Unlisted =
  | Exclude<EventName, ClientEventName | ServerEventName>
  | Exclude<ClientEventName | ServerEventName, EventName>;
export const EVERY_EVENT_LISTED: [Unlisted] extends [never] ? true : Unlisted = true;
