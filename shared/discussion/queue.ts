import type { ErrorCode } from "../protocol/errors";
import type { CurrentSpeaker, QueuedSpeaker, SpeakKind, SpeakersState, SpokenTurn } from "../protocol/discussion";

/**
 * The queue of requests to speak, as pure functions: each takes the state and returns the next one
 * or a refusal with its code and a Vietnamese message (English in brackets). The server runs them per
 * message; the client runs none of them (it only shows meeting:state.speakers).
 */
export type QueueResult<T = object> =
  | ({ ok: true; state: SpeakersState } & T)
  | { ok: false; code: ErrorCode; message: string };

const refuse = (code: ErrorCode, message: string) => ({ ok: false as const, code, message });

/** The unit's open request: waiting in the queue or speaking now. */
export function openRequestOf(state: SpeakersState, unit: string): QueuedSpeaker | CurrentSpeaker | null {
  if (state.current?.unit === unit) return state.current;
  return state.queue.find((q) => q.unit === unit) ?? null;
}

/** A delegate asks for the floor; one open request per unit, appended at the end. */
export function requestFloor(
  state: SpeakersState,
  r: { requestId: string; unit: string; kind: SpeakKind; note?: string; name?: string; now: number },
): QueueResult<{ request: QueuedSpeaker }> {
  const open = openRequestOf(state, r.unit);
  if (open)
    return refuse(
      "CONFLICT",
      state.current?.unit === r.unit
        ? "Đơn vị đang phát biểu; hãy đăng ký lại sau khi kết thúc. (Your unit has the floor now.)"
        : "Đơn vị đã đăng ký phát biểu; hãy rút đăng ký cũ trước khi đăng ký lại. (Your unit already has a request.)",
    );
  const request: QueuedSpeaker = { requestId: r.requestId, unit: r.unit, kind: r.kind, requestedAt: r.now, ...(r.note ? { note: r.note } : {}), ...(r.name ? { name: r.name } : {}) };
  return { ok: true, state: { ...state, queue: [...state.queue, request] }, request };
}

/** A delegate takes its unit's waiting request back; a unit that is speaking cannot withdraw. */
export function withdrawRequest(state: SpeakersState, unit: string): QueueResult<{ request: QueuedSpeaker }> {
  const request = state.queue.find((q) => q.unit === unit);
  if (!request) {
    if (state.current?.unit === unit) return refuse("CONFLICT", "Đơn vị đang phát biểu; chủ trì sẽ kết thúc lượt. (Your unit has the floor; the chair ends the turn.)");
    return refuse("NOT_FOUND", "Đơn vị chưa đăng ký phát biểu. (Your unit has no request to withdraw.)");
  }
  return { ok: true, state: { ...state, queue: state.queue.filter((q) => q !== request) }, request };
}

/** The chair gives the floor to a waiting request; someone speaking must be ended first. */
export function giveFloor(
  state: SpeakersState,
  requestId: string,
  now: number,
  limitS: (kind: SpeakKind) => number,
): QueueResult<{ current: CurrentSpeaker }> {
  if (state.current) return refuse("CONFLICT", "Đang có đại biểu phát biểu; hãy kết thúc lượt trước. (Someone has the floor; end that turn first.)");
  const request = state.queue.find((q) => q.requestId === requestId);
  if (!request) return refuse("NOT_FOUND", "Không còn đăng ký này (đã rút hoặc đã phát biểu). (No such waiting request.)");
  const current: CurrentSpeaker = {
    requestId: request.requestId,
    unit: request.unit,
    kind: request.kind,
    startedAt: now,
    limitS: limitS(request.kind),
    ...(request.note ? { note: request.note } : {}),
    ...(request.name ? { name: request.name } : {}),
  };
  return { ok: true, state: { current, queue: state.queue.filter((q) => q !== request) }, current };
}

/** The chair ends the current turn: how long it lasted goes to the journal and the minutes. */
export function endTurn(state: SpeakersState, now: number, agendaIndex: number): QueueResult<{ turn: SpokenTurn }> {
  const c = state.current;
  if (!c) return refuse("CONFLICT", "Không có ai đang phát biểu. (Nobody has the floor.)");
  const endedAt = Math.max(now, c.startedAt);
  const turn: SpokenTurn = {
    requestId: c.requestId,
    unit: c.unit,
    kind: c.kind,
    agendaIndex,
    startedAt: c.startedAt,
    endedAt,
    durationS: Math.round((endedAt - c.startedAt) / 1000),
    limitS: c.limitS,
  };
  return { ok: true, state: { ...state, current: null }, turn };
}

/**
 * The chair puts the waiting requests in a new order. `order` must name exactly the waiting
 * requests, each once: a request that arrived or left meanwhile makes it CONFLICT (reload and retry).
 */
export function reorderQueue(state: SpeakersState, order: readonly string[]): QueueResult {
  if (new Set(order).size !== order.length) return refuse("BAD_REQUEST", "Thứ tự có đăng ký bị lặp. (A request is listed twice.)");
  const byId = new Map(state.queue.map((q) => [q.requestId, q]));
  if (order.length !== byId.size || order.some((id) => !byId.has(id)))
    return refuse("CONFLICT", "Danh sách đăng ký vừa thay đổi; hãy sắp xếp lại. (The queue changed meanwhile; reorder again.)");
  return { ok: true, state: { ...state, queue: order.map((id) => byId.get(id)!) } };
}

/** The next request id after the ones used so far ("r1", "r2"…). */
export function nextRequestId(lastNumber: number): string {
  return `r${lastNumber + 1}`;
}
