/**
 * Uploaded meeting documents are PDFs no larger than this (413 PAYLOAD_TOO_LARGE beyond). It equals the
 * largest body the HTTP layer lets through before routing (server/http/body.ts MAX_BODY_BYTES); raising it
 * means raising that too.
 */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

/** A PDF starts with "%PDF-" (within its first 1024 bytes, as readers allow). */
export function hasPdfMagic(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 1024);
  for (let i = 0; i + 5 <= head.length; i++)
    if (head[i] === 0x25 && head[i + 1] === 0x50 && head[i + 2] === 0x44 && head[i + 3] === 0x46 && head[i + 4] === 0x2d) return true;
  return false;
}
