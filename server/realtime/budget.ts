import { EVENTS } from "../../shared/protocol/events";
import { CLIENT_EVENTS, type ClientEventName } from "../../shared/protocol/table";
import { ERROR_CODES, type ErrorBody } from "../../shared/protocol/errors";
import { isOrganiser, type Role } from "../../shared/protocol/roles";
import { log } from "../log";
import type { ConcordSocket } from "./context";

/**
 * Budgets for Socket.IO messages, so one link cannot stall the server or draw megabytes: every
 * inbound event (known or not) spends a token from its connection's bucket for that kind and from
 * its link's bucket (shared by every socket of the link). A connection that keeps sending over its
 * own budget is closed; the others of the link are only refused while the link's bucket is empty.
 */
export interface EventBudget {
  /** Messages a connection may send at once. */
  burst: number;
  /** Tokens added back per second. */
  perSecond: number;
  /** Largest payload (JSON length of the arguments) this kind takes. */
  maxBytes: number;
}

const SMALL_BYTES = 16 * 1024;
/** Full-state reads answer with kilobytes for a few bytes: the tightest budget (20,000 resyncs drew 75 MB). */
const STATE_READ: EventBudget = { burst: 5, perSecond: 0.5, maxBytes: 1024 };
/** Organisers' commands: a chair marking twenty units present clicks quickly, but not for long. */
const COMMAND: EventBudget = { burst: 30, perSecond: 5, maxBytes: SMALL_BYTES };
export const DEFAULT_BUDGET: EventBudget = { burst: 20, perSecond: 5, maxBytes: SMALL_BYTES };

/** Per event kind; any other event takes DEFAULT_BUDGET (its own bucket; unknown names share one). */
export const EVENT_BUDGETS: Readonly<Partial<Record<ClientEventName, EventBudget>>> = {
  [EVENTS.MEETING_RESYNC]: STATE_READ,
  [EVENTS.POLL_SYNC]: STATE_READ,
  [EVENTS.PLEDGE_GET]: STATE_READ,
  [EVENTS.ROLLCALL_MARK]: COMMAND,
  [EVENTS.AGENDA_GOTO]: COMMAND,
  [EVENTS.SCREEN_SHOW]: COMMAND,
  [EVENTS.SCORES_COPY]: COMMAND,
  [EVENTS.POLL_CAST]: { burst: 10, perSecond: 2, maxBytes: SMALL_BYTES },
  // A signature carries its strokes: up to 5,000 points (docs/protocol.md).
  [EVENTS.PLEDGE_SIGN]: { burst: 5, perSecond: 0.5, maxBytes: 256 * 1024 },
};

/** Largest Socket.IO message at all (engine.io closes the connection above it). */
export const MAX_SOCKET_MESSAGE_BYTES = 300 * 1024;
/** A link's bucket is this many connections' worth: a second tablet or tab never starves the first. */
const LINK_FACTOR = 3;
/** The public follow link is opened by many people at once; its shared bucket is larger. */
const PUBLIC_LINK_FACTOR = 50;
/**
 * The chair and the secretary drive the meeting (a dozen polls in a row, a roll call of twenty units):
 * their buckets are this many times larger. Still bounded, for a stolen organiser link.
 */
export const ORGANISER_FACTOR = 4;
/** Over-budget messages a connection may send (refilling one a second) before it is closed. */
export const STRIKES_BEFORE_CLOSE = 10;

export const rateLimitedMessage = (event: string) =>
  `Quá nhiều yêu cầu "${event}" từ thiết bị này; kết nối bị đóng, thiết bị sẽ tự kết nối lại. (Too many "${event}" requests from this device; the connection is closed and will reconnect.)`;

/** A token bucket; `now` in milliseconds (injectable for table tests). */
export class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = capacity;
    this.last = now();
  }

  take(cost = 1): boolean {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
    if (this.tokens < cost) return false;
    this.tokens -= cost;
    return true;
  }
}

/** The events a client sends (the protocol table's): each has its own bucket; every other name shares one ("*"). */
const KNOWN_EVENTS: ReadonlySet<string> = new Set(Object.keys(CLIENT_EVENTS));
const isKnown = (event: string): event is ClientEventName => KNOWN_EVENTS.has(event);

const budgetOf = (event: string): EventBudget => (isKnown(event) ? EVENT_BUDGETS[event] : undefined) ?? DEFAULT_BUDGET;

class Buckets {
  private readonly byEvent = new Map<string, TokenBucket>();
  constructor(private readonly factor: number) {}
  take(event: string): boolean {
    const kind = isKnown(event) ? event : "*";
    let b = this.byEvent.get(kind);
    if (!b) {
      const { burst, perSecond } = budgetOf(event);
      b = new TokenBucket(burst * this.factor, perSecond * this.factor);
      this.byEvent.set(kind, b);
    }
    return b.take();
  }
}

export interface LinkLimits {
  /** Open Socket.IO connections per join link (chair, secretary, screen, each delegate link). */
  perLink: number;
  /** Open Socket.IO connections on the public follow link. */
  perPublicLink: number;
}

/** Connections and shared buckets per link (meeting id + link id). */
export class LinkBudgets {
  private readonly links = new Map<string, { sockets: Set<string>; buckets: Buckets }>();
  constructor(readonly limits: LinkLimits) {}

  private static key(meetingId: string, linkId: string): string {
    return `${meetingId}\u0000${linkId}`;
  }

  /** Reserves a connection slot; null when the link is full (the refusal to send). */
  admit(meetingId: string, linkId: string, role: Role, socketId: string): ErrorBody | null {
    const key = LinkBudgets.key(meetingId, linkId);
    const cap = role === "observer" ? this.limits.perPublicLink : this.limits.perLink;
    let entry = this.links.get(key);
    if (entry && entry.sockets.size >= cap)
      return {
        code: ERROR_CODES.TOO_MANY_CONNECTIONS,
        message: `Liên kết này đã mở trên ${cap} thiết bị cùng lúc, là mức tối đa; hãy đóng bớt rồi thử lại. (This link is already open on ${cap} devices, the most allowed; close one and try again.)`,
      };
    if (!entry) {
      const factor = (role === "observer" ? PUBLIC_LINK_FACTOR : LINK_FACTOR) * (isOrganiser(role) ? ORGANISER_FACTOR : 1);
      entry = { sockets: new Set(), buckets: new Buckets(factor) };
      this.links.set(key, entry);
    }
    entry.sockets.add(socketId);
    return null;
  }

  release(meetingId: string, linkId: string, socketId: string): void {
    const key = LinkBudgets.key(meetingId, linkId);
    const entry = this.links.get(key);
    if (!entry) return;
    entry.sockets.delete(socketId);
    if (entry.sockets.size === 0) this.links.delete(key);
  }

  connections(meetingId: string, linkId: string): number {
    return this.links.get(LinkBudgets.key(meetingId, linkId))?.sockets.size ?? 0;
  }

  takeForLink(meetingId: string, linkId: string, event: string): boolean {
    return this.links.get(LinkBudgets.key(meetingId, linkId))?.buckets.take(event) ?? true;
  }
}

/** JSON length of the arguments (engine.io has already capped the whole message at MAX_SOCKET_MESSAGE_BYTES). */
function payloadBytes(args: unknown[]): number {
  let n = 0;
  for (const a of args) if (typeof a !== "function") n += JSON.stringify(a ?? null)?.length ?? 0;
  return n;
}

/**
 * Spends the budget of every inbound message before any handler runs (Socket.IO middleware, so it
 * covers every event `handle` registers, and unknown ones too). Over budget or over size: the
 * message is refused in its acknowledgement (RATE_LIMITED / PAYLOAD_TOO_LARGE) and dropped; after
 * STRIKES_BEFORE_CLOSE such refusals the connection is closed (the client sees "io server disconnect").
 */
export function installBudgets(socket: ConcordSocket, links: LinkBudgets): void {
  const { meetingId, linkId, role } = socket.data.session;
  const own = new Buckets(isOrganiser(role) ? ORGANISER_FACTOR : 1);
  const strikes = new TokenBucket(STRIKES_BEFORE_CLOSE, 1);
  let closed = false;
  socket.use((packet, next) => {
    if (closed) return;
    const [event, ...args] = packet as [string, ...unknown[]];
    const ack = typeof args.at(-1) === "function" ? (args.at(-1) as (r: unknown) => void) : null;
    const refuse = (error: ErrorBody, strike: boolean) => {
      const out = strike && !strikes.take();
      ack?.({ ok: false, error: out ? { code: ERROR_CODES.RATE_LIMITED, message: rateLimitedMessage(event) } : error });
      if (out) {
        closed = true;
        log.warn("realtime", "connection closed: over budget", { meetingId, linkId, event });
        socket.disconnect(true);
      }
    };
    const budget = budgetOf(event);
    if (!own.take(event))
      return refuse({ code: ERROR_CODES.RATE_LIMITED, message: `Quá nhiều yêu cầu "${event}"; hãy chờ một lát. (Too many "${event}" requests; wait a moment.)` }, true);
    if (payloadBytes(args) > budget.maxBytes)
      return refuse({ code: ERROR_CODES.PAYLOAD_TOO_LARGE, message: `Dữ liệu "${event}" quá lớn (tối đa ${budget.maxBytes} byte). (The "${event}" payload is too large: at most ${budget.maxBytes} bytes.)` }, true);
    // The link's shared bucket: refused, not closed — this socket may be the innocent one.
    if (!links.takeForLink(meetingId, linkId, event))
      return refuse({ code: ERROR_CODES.RATE_LIMITED, message: `Liên kết này đang gửi quá nhiều yêu cầu "${event}"; hãy chờ một lát. (This link is sending too many "${event}" requests; wait a moment.)` }, false);
    next();
  });
}
