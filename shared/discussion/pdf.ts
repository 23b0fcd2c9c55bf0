/**
 * Uploaded meeting documents are PDFs no larger than MAX_DOCUMENT_MB megabytes (MiB; 413 PAYLOAD_TOO_LARGE
 * beyond), a setting read at start-up (server/config.ts, default 20). The HTTP layer's cap on every body
 * (server/http/body.ts largestBodyBytes) follows it, so both refuse at the same size.
 */
export const DEFAULT_MAX_DOCUMENT_MB = 20;

/** The document limit in bytes for a setting in MB (1 MB = 1024 × 1024 bytes). */
export function documentLimitBytes(mb: number): number {
  return Math.floor(mb * 1024 * 1024);
}

/** The limit with the default setting. */
export const MAX_DOCUMENT_BYTES = documentLimitBytes(DEFAULT_MAX_DOCUMENT_MB);

/** A PDF starts with "%PDF-" (within its first 1024 bytes, as readers allow). */
export function hasPdfMagic(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 1024);
  for (let i = 0; i + 5 <= head.length; i++)
    if (head[i] === 0x25 && head[i + 1] === 0x50 && head[i + 2] === 0x44 && head[i + 3] === 0x46 && head[i + 4] === 0x2d) return true;
  return false;
}
