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
 * (the journal and the frozen pledge are hashed over this form). Keys sort by UTF-16 code units (the
 * default sort), fields whose value is undefined are left out, and undefined in a list is null, as
 * JSON.stringify does. Written as loops: it runs for every journal entry and every stored ballot set.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) out += (i ? "," : "") + canonicalJson(value[i] ?? null);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = "{";
  let first = true;
  for (const key of keys) {
    const v = record[key];
    if (v === undefined) continue;
    out += `${first ? "" : ","}${JSON.stringify(key)}:${canonicalJson(v)}`;
    first = false;
  }
  return `${out}}`;
}
