import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { deriveToken } from "../../server/meetings/tokens";
import { BallotSeal } from "../../server/storage/ballot-seal";
import { resolveLinkSecret } from "../../server/storage/open";

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "concord-secret-"));

describe("the link secret", () => {
  it("is the same on every instance given the same LINK_SECRET, whatever each one's data folder holds", () => {
    const a = resolveLinkSecret({ LINK_SECRET: "a shared secret of more than thirty-two characters", dataDir: tempDir() });
    const b = resolveLinkSecret({ LINK_SECRET: "a shared secret of more than thirty-two characters", dataDir: tempDir() });
    expect(deriveToken(a, "m1", "chair", 1)).toBe(deriveToken(b, "m1", "chair", 1));
  });

  it("reads 64 hex digits as the bytes DATA_DIR/link-secret holds, so a meeting moved to Redis mode keeps its join links", () => {
    const dir = tempDir();
    const fromFile = resolveLinkSecret({ LINK_SECRET: undefined, dataDir: dir });
    const hex = fs.readFileSync(path.join(dir, "link-secret"), "utf8").trim();
    expect(hex).toMatch(/^[0-9a-f]{64}$/);
    const fromEnv = resolveLinkSecret({ LINK_SECRET: hex, dataDir: tempDir() });
    expect(fromEnv.equals(fromFile)).toBe(true);
    expect(deriveToken(fromEnv, "m1", "delegate-BDT-1", 2)).toBe(deriveToken(fromFile, "m1", "delegate-BDT-1", 2));
  });

  it("falls back to a different random secret per data folder without LINK_SECRET (why Redis mode requires it)", () => {
    const a = resolveLinkSecret({ LINK_SECRET: undefined, dataDir: tempDir() });
    const b = resolveLinkSecret({ LINK_SECRET: undefined, dataDir: tempDir() });
    expect(a.equals(b)).toBe(false);
  });
});

describe("the ballot seal", () => {
  const seal = new BallotSeal(Buffer.from("0123456789abcdef0123456789abcdef"));
  const ballot = { receipt: "K7Q-4MX", choices: { choice: "against" } };

  it("opens what it sealed, only for the same poll, and never with another deployment's secret", () => {
    const sealed = seal.seal("m1", "p1", ballot);
    expect(sealed).not.toContain("K7Q");
    expect(Buffer.from(sealed, "base64").toString("latin1")).not.toContain("against");
    expect(seal.open("m1", "p1", sealed)).toEqual(ballot);
    expect(seal.open("m1", "p2", sealed)).toBeNull();
    expect(new BallotSeal(Buffer.from("another deployment's secret, 32+ chars")).open("m1", "p1", sealed)).toBeNull();
  });

  it("seals the same ballot differently each time (a random nonce: equal choices do not show as equal values)", () => {
    expect(seal.seal("m1", "p1", ballot)).not.toBe(seal.seal("m1", "p1", ballot));
  });

  it("tags receipts with a key: the same receipt gives the same tag, and the tag does not contain it", () => {
    expect(seal.receiptTag("m1", "p1", "K7Q-4MX")).toBe(seal.receiptTag("m1", "p1", "K7Q-4MX"));
    expect(seal.receiptTag("m1", "p1", "K7Q-4MX")).not.toBe(seal.receiptTag("m1", "p1", "K7Q-4MY"));
    expect(seal.receiptTag("m1", "p1", "K7Q-4MX")).not.toContain("K7Q");
  });
});
