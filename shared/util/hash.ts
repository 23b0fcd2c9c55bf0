import { digest } from "lib0/hash/sha256";

const encoder = new TextEncoder();

/** SHA-256 of a UTF-8 string (or bytes), as 64 lower-case hex digits. Runs in Node and the browser. */
export function sha256Hex(input: string | Uint8Array): string {
  const bytes = typeof input === "string" ? encoder.encode(input) : input;
  let hex = "";
  for (const b of digest(bytes)) hex += b.toString(16).padStart(2, "0");
  return hex;
}

/**
 * JSON with object keys sorted at every level, so the same value always hashes the same way
 * (the journal and the frozen pledge are hashed over this form).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}
