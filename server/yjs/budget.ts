/**
 * Per-connection budgets for the Yjs endpoint: how large each kind of message may be and how many
 * a connection may send (token buckets). A connection over budget is closed (CLOSE_CODES), so one
 * abusive link costs the server a bounded amount of work and nobody else is slowed.
 */

/** The kinds of y-websocket message a client sends. */
export type YjsMessageKind = "syncRequest" | "update" | "awareness";

/**
 * Largest message of each kind, in bytes. A sync request (sync step 1) carries a state vector: about
 * ten bytes per client id the document has seen. An update is one edit (a paste of a 2,000-character
 * text is ~8 kB); an offline tablet's catch-up is a few edits. An awareness message carries one state.
 */
export const MAX_MESSAGE_BYTES: Record<YjsMessageKind, number> = {
  syncRequest: 16 * 1024,
  update: 256 * 1024,
  awareness: 4 * 1024,
};

/** One awareness state (its JSON) at most. */
export const MAX_AWARENESS_STATE_BYTES = 2 * 1024;
/** Awareness client ids one connection may announce (a provider uses one; a resync makes a new connection). */
export const MAX_AWARENESS_IDS = 2;

export interface BucketRule {
  /** Messages allowed at once. */
  burst: number;
  /** Messages added back per second. */
  perSecond: number;
}

/**
 * How many messages of each kind a connection may send. A provider sends one sync request per
 * connect; query-awareness counts as a sync request (both draw a reply of the whole state). Typing in
 * the pledge sends an update per keystroke; awareness changes when the focused field changes and is
 * renewed every 15 s.
 */
export const RATE_BUDGETS: Record<YjsMessageKind, BucketRule> = {
  syncRequest: { burst: 10, perSecond: 0.5 },
  update: { burst: 120, perSecond: 30 },
  awareness: { burst: 20, perSecond: 4 },
};

/** A token bucket: `take` answers whether one more message fits. Time is passed in (pure, testable). */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly rule: BucketRule,
    now: number,
  ) {
    this.tokens = rule.burst;
    this.last = now;
  }

  take(now: number): boolean {
    const elapsed = Math.max(0, now - this.last) / 1000;
    this.last = now;
    this.tokens = Math.min(this.rule.burst, this.tokens + elapsed * this.rule.perSecond);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export type BudgetVerdict = { ok: true } | { ok: false; why: "too_large" | "over_budget"; detail: string };

/** The budgets of one connection. */
export class ConnectionBudget {
  private readonly buckets: Record<YjsMessageKind, TokenBucket>;

  constructor(now: number) {
    this.buckets = {
      syncRequest: new TokenBucket(RATE_BUDGETS.syncRequest, now),
      update: new TokenBucket(RATE_BUDGETS.update, now),
      awareness: new TokenBucket(RATE_BUDGETS.awareness, now),
    };
  }

  /** Whether a message of `kind` and `bytes` fits; the caller closes the connection when it does not. */
  admit(kind: YjsMessageKind, bytes: number, now: number): BudgetVerdict {
    if (bytes > MAX_MESSAGE_BYTES[kind]) return { ok: false, why: "too_large", detail: `${kind} of ${bytes} bytes (limit ${MAX_MESSAGE_BYTES[kind]})` };
    if (!this.buckets[kind].take(now))
      return { ok: false, why: "over_budget", detail: `more than ${RATE_BUDGETS[kind].burst} ${kind} messages at once, or ${RATE_BUDGETS[kind].perSecond} a second` };
    return { ok: true };
  }
}
