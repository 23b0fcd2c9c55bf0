/**
 * Type tests of the Socket.IO protocol table (shared/protocol/table.ts): compiled by `npm run typecheck`,
 * never run (vitest only collects *.test.ts). Each `@ts-expect-error` is a mistake that must stay a compile
 * error; if the table or `handle` ever let it through, the directive itself becomes the error.
 */
import { EVENTS } from "../../shared/protocol/events";
import type { PledgeState } from "../../shared/protocol/pledge";
import type { PollView } from "../../shared/protocol/polls";
import { shape, type EventsFor } from "../../shared/protocol/table";
import { handle, type ConcordSocket } from "../../server/realtime/context";
import type { Send, SendAs } from "../../client/realtime/meeting-client";

declare const socket: ConcordSocket;
declare const view: PollView;
declare const pledge: PledgeState;
declare const send: Send;
declare const asDelegate: SendAs<"delegate">;
declare const asChair: SendAs<"chair">;
declare const asOrganiser: SendAs<"chair" | "secretary">;

const OP_ID = "0123456789abcdef0123";

/** Handlers: the input is the event's own schema, the reply its own shape. */
export function handlerCases(): void {
  handle(socket, EVENTS.POLL_OPEN, (input) => ({ poll: { ...view, id: input.pollId } }));
  handle(socket, EVENTS.POLL_VOID, async (input) => ({ poll: { ...view, voidReason: input.reason } }));
  handle(socket, EVENTS.ROLLCALL_MARK, () => ({}));
  handle(socket, EVENTS.POLL_CAST, (input) => ({ pollId: input.pollId, receipt: "K7Q-4MX", castAt: 0 }));

  // @ts-expect-error wrong reply: poll:open answers { poll }, not the pledge's { state }
  handle(socket, EVENTS.POLL_OPEN, () => ({ state: pledge }));
  // @ts-expect-error wrong reply: poll:open must answer with the poll, not nothing
  handle(socket, EVENTS.POLL_OPEN, async () => ({}));
  // @ts-expect-error wrong reply: a field of the wrong type (copied is a number)
  handle(socket, EVENTS.SCORES_COPY, () => ({ copied: "3" }));
  // @ts-expect-error wrong reply: an event that answers nothing cannot answer a field
  handle(socket, EVENTS.ROLLCALL_MARK, () => ({ done: true }));
  // @ts-expect-error wrong schema: poll:open's input is { pollId }; `reason` belongs to poll:void
  handle(socket, EVENTS.POLL_OPEN, (input) => ({ poll: { ...view, voidReason: input.reason } }));
  // @ts-expect-error wrong schema: the roll-call mark's unit is not in agenda:goto's input
  handle(socket, EVENTS.AGENDA_GOTO, (input) => (input.unit, {}));
  // @ts-expect-error not an event of the table
  handle(socket, "poll:delete", () => ({}));

  // The context's session has only the senders' roles.
  handle(socket, EVENTS.POLL_CAST, (_input, { session }) => {
    const role: "delegate" = session.role;
    return { pollId: role, receipt: "", castAt: 0 };
  });
  handle(socket, EVENTS.POLL_OPEN, (_input, { session }) => {
    // @ts-expect-error a role that may not send poll:open never reaches its handler
    const role: "delegate" = session.role;
    return { poll: { ...view, title: role } };
  });
}

/** The client's send: each event with its own payload, its ack with its own reply. */
export async function sendCases(): Promise<void> {
  await send(EVENTS.POLL_OPEN, { pollId: "p1" });
  await send(EVENTS.DOC_SHOW, { docId: null });
  // @ts-expect-error wrong schema: poll:open takes { pollId }, not a roll-call mark
  await send(EVENTS.POLL_OPEN, { unit: "BDT", mark: "present" });
  // @ts-expect-error wrong schema: poll:void needs its reason
  await send(EVENTS.POLL_VOID, { pollId: "p1" });

  const cast = await send(EVENTS.POLL_CAST, {
    pollId: "p1",
    opId: OP_ID,
    ballot: { choices: { BDT: "for", STP: "abstain" } },
  });
  if (cast.ok) {
    const receipt: string = cast.receipt;
    void receipt;
  }
  const opened = await send(EVENTS.POLL_OPEN, { pollId: "p1" });
  if (opened.ok) {
    // @ts-expect-error wrong reply: poll:open's ack has no receipt
    void opened.receipt;
  }

  // Ballots are typed: one of the three kinds' shapes.
  await send(EVENTS.POLL_CAST, { pollId: "p1", opId: OP_ID, ballot: { choice: "for" } });
  await send(EVENTS.POLL_CAST, { pollId: "p1", opId: OP_ID, ballot: { choice: "BDT" } });
  // @ts-expect-error a per-candidate choice is for, against or abstain
  await send(EVENTS.POLL_CAST, { pollId: "p1", opId: OP_ID, ballot: { choices: { BDT: "yes" } } });
  // @ts-expect-error a ballot is an object of its kind, not a bare choice
  await send(EVENTS.POLL_CAST, { pollId: "p1", opId: OP_ID, ballot: "for" });
  // @ts-expect-error no kind of ballot has a `pick`
  await send(EVENTS.POLL_CAST, { pollId: "p1", opId: OP_ID, ballot: { pick: "BDT" } });
}

/** A sender narrowed to a role admits only the events that role may send. */
export async function roleCases(): Promise<void> {
  await asDelegate(EVENTS.POLL_CAST, { pollId: "p1", opId: OP_ID, ballot: { choice: "against" } });
  await asDelegate(EVENTS.SPEAK_REQUEST, { kind: "remark" });
  await asDelegate(EVENTS.MEETING_RESYNC, {});
  // @ts-expect-error a delegate may not open a poll
  await asDelegate(EVENTS.POLL_OPEN, { pollId: "p1" });
  // @ts-expect-error a delegate may not give the floor
  await asDelegate(EVENTS.SPEAK_GIVE, { requestId: "r1" });
  await asChair(EVENTS.REHEARSAL_END, {});
  // @ts-expect-error the chair does not cast ballots (delegates do)
  await asChair(EVENTS.POLL_CAST, { pollId: "p1", opId: OP_ID, ballot: { choice: "for" } });
  await asOrganiser(EVENTS.POLL_OPEN, { pollId: "p1" });
  // @ts-expect-error for a pair of roles, only what both may send: the secretary cannot unfreeze the pledge
  await asOrganiser(EVENTS.PLEDGE_UNFREEZE, { reason: "a typo in section 2" });

  // Any Send is a SendAs of every role.
  const narrowed: SendAs<"delegate"> = send;
  void narrowed;
  const screenMay: EventsFor<"screen"> = EVENTS.POLL_SYNC;
  // @ts-expect-error the big screen sends nothing that changes the meeting
  const screenMayNot: EventsFor<"screen"> = EVENTS.SCREEN_SHOW;
  void screenMay;
  void screenMayNot;
}

/** Server events carry their table type; a reply shape must describe every field of its type and no other. */
export function serverCases(): void {
  socket.emit(EVENTS.POLL_STATE, view);
  socket.emit(EVENTS.PLEDGE_STATE, pledge);
  // @ts-expect-error poll:state carries a PollView, not the pledge
  socket.emit(EVENTS.POLL_STATE, pledge);
  shape<{ poll: PollView }>({ poll: "PollView" });
  // @ts-expect-error a field of the type is missing from the document's list
  shape<{ poll: PollView; extra: number }>({ poll: "PollView" });
  // @ts-expect-error the list names a field the type does not have
  shape<{ poll: PollView }>({ poll: "PollView", pole: "typo" });
}
