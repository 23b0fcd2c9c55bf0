import crypto from "node:crypto";
import { RECEIPT_BYTES, receiptCode } from "../../shared/voting/receipt";

/**
 * A retried operation must get its first answer back, but a secret poll may not store which receipt
 * (and so which choices) belong to a unit. The receipt is therefore stored sealed under a key derived
 * from the client's operation id, which is never stored (only its hash, to recognise a retry): the
 * database alone cannot open it; the device that cast the ballot can, by sending the same opId again.
 */
const sha256 = (s: string) => crypto.createHash("sha256").update(s).digest();

export function opHash(pollId: string, opId: string): string {
  return sha256(`concord-op|${pollId}|${opId}`).toString("hex");
}

const keyOf = (pollId: string, opId: string) => sha256(`concord-receipt-key|${pollId}|${opId}`);

export function sealReceipt(receipt: string, pollId: string, opId: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", keyOf(pollId, opId), iv);
  const body = Buffer.concat([cipher.update(receipt, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
}

/** The receipt, or null when the opId is not the one it was sealed under. */
export function unsealReceipt(sealed: string, pollId: string, opId: string): string | null {
  const raw = Buffer.from(sealed, "base64");
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", keyOf(pollId, opId), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

export function drawReceipt(): string {
  return receiptCode(crypto.randomBytes(RECEIPT_BYTES));
}

/** Poll ids readable in URLs and the journal: "head-1", "pledge-2"; a runoff appends "-r2". */
export function pollIdFor(subject: string, taken: (id: string) => boolean): string {
  for (let n = 1; ; n++) {
    const id = `${subject}-${n}`;
    if (!taken(id)) return id;
  }
}
