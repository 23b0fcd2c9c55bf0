import crypto from "node:crypto";
import { RECEIPT_BYTES, receiptCode } from "../../shared/voting/receipt";

/**
 * The cryptography of secret ballots at rest.
 *
 * A retried operation must get its first answer back, but a secret poll may not store which receipt
 * (and so which choices) belong to a unit. The receipt is therefore stored sealed under a key derived
 * from the client's operation id, which is never stored (only its hash, to recognise a retry): the
 * store alone cannot open it; the device that cast the ballot can, by sending the same opId again.
 *
 * In Redis the ballot itself is sealed too (BallotSeal): Redis's append-only file logs every write in
 * the order it happened, next to the "who voted" write of the same cast, so the content of a secret
 * ballot is stored only encrypted, under a key that is not in Redis (derived from LINK_SECRET, which
 * every instance gets from its configuration), until the close opens the whole set at once.
 */
const sha256 = (s: string) => crypto.createHash("sha256").update(s).digest();

export function opHash(pollId: string, opId: string): string {
  return sha256(`concord-op|${pollId}|${opId}`).toString("hex");
}

const keyOf = (pollId: string, opId: string) => sha256(`concord-receipt-key|${pollId}|${opId}`);

function seal(key: Buffer, plain: string, aad: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
}

function open(key: Buffer, sealed: string, aad: string): string | null {
  const raw = Buffer.from(sealed, "base64");
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(aad, "utf8"));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

export function sealReceipt(receipt: string, pollId: string, opId: string): string {
  return seal(keyOf(pollId, opId), receipt, "");
}

/** The receipt, or null when the opId is not the one it was sealed under. */
export function unsealReceipt(sealed: string, pollId: string, opId: string): string | null {
  return open(keyOf(pollId, opId), sealed, "");
}

/**
 * Random bytes for receipts, drawn from the system's generator a page at a time: one call per 1,024 receipts
 * instead of one per ballot (each call is a job through libuv's machinery, ~20 µs). Each byte is used once.
 */
const RECEIPT_POOL_BYTES = 4096;
let receiptPool = Buffer.alloc(0);
let receiptOffset = 0;

export function drawReceipt(): string {
  if (receiptOffset + RECEIPT_BYTES > receiptPool.length) {
    receiptPool = crypto.randomBytes(RECEIPT_POOL_BYTES);
    receiptOffset = 0;
  }
  const bytes = receiptPool.subarray(receiptOffset, receiptOffset + RECEIPT_BYTES);
  receiptOffset += RECEIPT_BYTES;
  return receiptCode(bytes);
}

/**
 * Seals secret ballots (receipt and choices together) for a store that keeps them where an operator's
 * copy could read them in order (Redis: AOF, replicas, RDB). AES-256-GCM with a random 96-bit nonce
 * per ballot, the poll named as associated data (a sealed ballot moved to another poll does not open).
 * The key is derived from a secret given to every instance by configuration and never written to Redis.
 */
export class BallotSeal {
  private readonly key: Buffer;
  private readonly tagKey: Buffer;

  constructor(secret: Buffer) {
    if (secret.length < 16) throw new Error("the ballot seal needs a secret of at least 16 bytes");
    this.key = Buffer.from(crypto.hkdfSync("sha256", secret, Buffer.alloc(0), "concord ballot seal v1", 32));
    this.tagKey = Buffer.from(crypto.hkdfSync("sha256", secret, Buffer.alloc(0), "concord receipt tag v1", 32));
  }

  seal(meetingId: string, pollId: string, ballot: { receipt: string; choices: unknown }): string {
    return seal(this.key, JSON.stringify({ receipt: ballot.receipt, choices: ballot.choices }), `${meetingId}|${pollId}`);
  }

  /** The ballot, or null when it was not sealed with this key for this poll. */
  open(meetingId: string, pollId: string, sealed: string): { receipt: string; choices: unknown } | null {
    const plain = open(this.key, sealed, `${meetingId}|${pollId}`);
    return plain === null ? null : (JSON.parse(plain) as { receipt: string; choices: unknown });
  }

  /**
   * A keyed tag of a receipt, so the store can refuse a duplicate receipt in a poll without holding the
   * receipt itself: without the key, a published receipt cannot be matched to its tag.
   */
  receiptTag(meetingId: string, pollId: string, receipt: string): string {
    return crypto.createHmac("sha256", this.tagKey).update(`${meetingId}|${pollId}|${receipt}`).digest("base64url").slice(0, 22);
  }
}
