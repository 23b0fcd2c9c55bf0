import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * Join tokens are derived, not stored: token = HMAC-SHA256(link secret, meeting:link:generation),
 * 192 bits in base64url. The database keeps only SHA-256(token), so a copy of the database alone
 * cannot join; the secret in DATA_DIR lets the chair and the demo CLI print the links again.
 */
const TOKEN_BYTES = 24;

function readOrCreate(file: string, make: () => string): { value: string; created: boolean } {
  try {
    return { value: fs.readFileSync(file, "utf8").trim(), created: false };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    const value = make();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      // wx: if another process created it in the meantime, keep theirs.
      fs.writeFileSync(file, value + "\n", { mode: 0o600, flag: "wx" });
      return { value, created: true };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      return { value: fs.readFileSync(file, "utf8").trim(), created: false };
    }
  }
}

export function loadLinkSecret(dataDir: string): Buffer {
  const { value } = readOrCreate(path.join(dataDir, "link-secret"), () => crypto.randomBytes(32).toString("hex"));
  return Buffer.from(value, "hex");
}

/** The configured admin token, or one generated on first start and kept in DATA_DIR. */
export function loadAdminToken(dataDir: string, configured: string | undefined): { token: string; generated: boolean } {
  if (configured) return { token: configured, generated: false };
  const { value, created } = readOrCreate(path.join(dataDir, "admin-token"), () => crypto.randomBytes(TOKEN_BYTES).toString("base64url"));
  return { token: value, generated: created };
}

export function deriveToken(secret: Buffer, meetingId: string, linkId: string, generation: number): string {
  return crypto.createHmac("sha256", secret).update(`${meetingId}:${linkId}:${generation}`).digest().subarray(0, TOKEN_BYTES).toString("base64url");
}

export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token, "utf8").digest("hex");
}

/** Constant-time comparison of two secrets of any length. */
export function sameSecret(a: string, b: string): boolean {
  const ha = crypto.createHash("sha256").update(a).digest();
  const hb = crypto.createHash("sha256").update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}

export function newMeetingId(): string {
  return crypto.randomBytes(9).toString("base64url");
}
