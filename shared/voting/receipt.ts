/**
 * Receipt codes for secret ballots: the voter keeps "K7Q-4MX" and, once the table of receipts and
 * choices is published, finds its own ballot in it. Crockford base32 leaves out I, L, O and U, so a code
 * read aloud or copied by hand is not misread (and no accidental words appear).
 */
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** Bytes a receipt needs: six 5-bit digits use 30 of their 32 bits. */
export const RECEIPT_BYTES = 4;

/**
 * A short receipt code from random bytes the server draws from crypto (kept outside, so this stays
 * pure and testable). 2^30 codes against at most 60 ballots a poll makes a clash unlikely, not
 * impossible: the server draws again if a code is already taken in the poll.
 */
export function receiptCode(bytes: Uint8Array): string {
  if (bytes.length < RECEIPT_BYTES)
    throw new RangeError(`a receipt code needs ${RECEIPT_BYTES} random bytes`);
  // Big-endian 32 bits, top 30 kept; >>> 0 keeps the value unsigned.
  const value = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 2;
  let digits = "";
  for (let shift = 25; shift >= 0; shift -= 5) digits += CROCKFORD[(value >>> shift) & 31];
  return `${digits.slice(0, 3)}-${digits.slice(3)}`;
}

/**
 * A code as typed back by a person, in canonical form ("k7q 4mx" → "K7Q-4MX"), or null.
 * Crockford's reading rules: O is 0, I and L are 1; case, spaces and dashes do not matter.
 */
export function normalizeReceiptCode(typed: string): string | null {
  const digits = typed.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  if (digits.length !== 6 || [...digits].some((d) => !CROCKFORD.includes(d))) return null;
  return `${digits.slice(0, 3)}-${digits.slice(3)}`;
}
