import type { z } from "zod";
import type { RehearsalRemoved } from "./rehearsal";
import type { Ack } from "./errors";
import type { scoresCopyLayerSchema, scoresStageSchema, scoresUnlockSchema } from "./scores";
import { EVENTS } from "./events";
import type { CurrentSpeaker, DocShow, QueuedSpeaker, SpeakGive, SpeakReorder, SpeakRequestInput, SpokenTurn } from "./discussion";
import type { AgendaGoto, MeetingState, MeetingStateMessage, RollcallMark, ScreenShow } from "./meeting";
import type { PledgeProposalDecision, PledgeSign, PledgeState, PledgeUnfreeze, PledgeSignatureView } from "./pledge";
import type { CastReceipt, PollAction, PollCast, PollCreate, PollPending, PollSyncReply, PollView, PollVoid, UnitVoted } from "./polls";

/** Events a client sends; every one takes an acknowledgement. Types come from the zod schemas. */
export interface ClientToServerEvents {
  [EVENTS.ROLLCALL_MARK]: (payload: RollcallMark, ack: (res: Ack) => void) => void;
  [EVENTS.AGENDA_GOTO]: (payload: AgendaGoto, ack: (res: Ack) => void) => void;
  [EVENTS.SCREEN_SHOW]: (payload: ScreenShow, ack: (res: Ack) => void) => void;
  [EVENTS.SCORES_STAGE]: (payload: z.input<typeof scoresStageSchema>, ack: (res: Ack) => void) => void;
  [EVENTS.SCORES_LOCK]: (payload: Record<string, never>, ack: (res: Ack<{ snapshotHash: string; ranking: string[] }>) => void) => void;
  [EVENTS.SCORES_UNLOCK]: (payload: z.input<typeof scoresUnlockSchema>, ack: (res: Ack) => void) => void;
  [EVENTS.SCORES_COPY]: (payload: z.input<typeof scoresCopyLayerSchema>, ack: (res: Ack<{ copied: number }>) => void) => void;
  [EVENTS.MEETING_RESYNC]: (payload: Record<string, never>, ack: (res: Ack<{ state: MeetingState }>) => void) => void;
  [EVENTS.POLL_CREATE]: (payload: PollCreate, ack: (res: Ack<{ poll: PollView }>) => void) => void;
  [EVENTS.POLL_OPEN]: (payload: PollAction, ack: (res: Ack<{ poll: PollView }>) => void) => void;
  [EVENTS.POLL_CLOSE]: (payload: PollAction, ack: (res: Ack<{ poll: PollView }>) => void) => void;
  [EVENTS.POLL_PUBLISH]: (payload: PollAction, ack: (res: Ack<{ poll: PollView }>) => void) => void;
  [EVENTS.POLL_VOID]: (payload: PollVoid, ack: (res: Ack<{ poll: PollView }>) => void) => void;
  [EVENTS.POLL_RUNOFF]: (payload: PollAction, ack: (res: Ack<{ poll: PollView }>) => void) => void;
  [EVENTS.POLL_CAST]: (payload: PollCast, ack: (res: Ack<CastReceipt>) => void) => void;
  [EVENTS.POLL_SYNC]: (payload: Record<string, never>, ack: (res: Ack<PollSyncReply>) => void) => void;
  [EVENTS.PLEDGE_ADOPT]: (payload: Record<string, never>, ack: (res: Ack<{ state: PledgeState }>) => void) => void;
  [EVENTS.PLEDGE_FREEZE]: (payload: Record<string, never>, ack: (res: Ack<{ state: PledgeState }>) => void) => void;
  [EVENTS.PLEDGE_UNFREEZE]: (payload: PledgeUnfreeze, ack: (res: Ack<{ state: PledgeState }>) => void) => void;
  [EVENTS.PLEDGE_PROPOSAL_ACCEPT]: (payload: PledgeProposalDecision, ack: (res: Ack<{ state: PledgeState }>) => void) => void;
  [EVENTS.PLEDGE_PROPOSAL_REJECT]: (payload: PledgeProposalDecision, ack: (res: Ack<{ state: PledgeState }>) => void) => void;
  [EVENTS.PLEDGE_SIGN]: (payload: PledgeSign, ack: (res: Ack<{ signature: PledgeSignatureView; final: boolean }>) => void) => void;
  [EVENTS.PLEDGE_GET]: (payload: Record<string, never>, ack: (res: Ack<{ state: PledgeState }>) => void) => void;
  [EVENTS.SPEAK_REQUEST]: (payload: SpeakRequestInput, ack: (res: Ack<{ request: QueuedSpeaker }>) => void) => void;
  [EVENTS.SPEAK_WITHDRAW]: (payload: Record<string, never>, ack: (res: Ack) => void) => void;
  [EVENTS.SPEAK_GIVE]: (payload: SpeakGive, ack: (res: Ack<{ current: CurrentSpeaker }>) => void) => void;
  [EVENTS.SPEAK_END]: (payload: Record<string, never>, ack: (res: Ack<{ turn: SpokenTurn }>) => void) => void;
  [EVENTS.SPEAK_REORDER]: (payload: SpeakReorder, ack: (res: Ack) => void) => void;
  [EVENTS.DOC_SHOW]: (payload: DocShow, ack: (res: Ack) => void) => void;
  [EVENTS.REHEARSAL_START]: (payload: Record<string, never>, ack: (res: Ack) => void) => void;
  [EVENTS.REHEARSAL_END]: (payload: Record<string, never>, ack: (res: Ack<{ removed: RehearsalRemoved }>) => void) => void;
}

export interface ServerToClientEvents {
  [EVENTS.MEETING_STATE]: (state: MeetingStateMessage) => void;
  [EVENTS.POLL_LIST]: (reply: PollSyncReply) => void;
  [EVENTS.POLL_STATE]: (poll: PollView) => void;
  [EVENTS.POLL_PENDING]: (pending: PollPending) => void;
  [EVENTS.POLL_VOTED]: (voted: UnitVoted) => void;
  [EVENTS.PLEDGE_STATE]: (state: PledgeState) => void;
}
