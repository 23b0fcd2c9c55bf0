import { describe, expect, it } from "vitest";
import { parseConfig } from "../../server/config";

describe("document settings", () => {
  it("reads EMBED_ORIGINS as a list of origins and refuses anything else", () => {
    const ok = parseConfig({ EMBED_ORIGINS: "https://portal.thanhhoa.gov.vn, http://localhost:8080/" });
    expect(ok.ok && ok.config.EMBED_ORIGINS).toEqual(["https://portal.thanhhoa.gov.vn", "http://localhost:8080"]);
    const none = parseConfig({});
    expect(none.ok && none.config.EMBED_ORIGINS).toEqual([]);
    for (const bad of ["*", "portal.gov.vn", "https://portal.gov.vn/news", "javascript:alert(1)", "https://a.vn; script-src *"]) {
      const r = parseConfig({ EMBED_ORIGINS: bad });
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.problems.join(" ")).toContain("EMBED_ORIGINS");
    }
  });

  it("needs the certificate file to exist, and a password only with a file", () => {
    const missing = parseConfig({ SIGNING_P12: "/no/such/file.p12" });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.problems.join(" ")).toContain("SIGNING_P12");
    const passwordOnly = parseConfig({ SIGNING_P12_PASSWORD: "x" });
    expect(passwordOnly.ok).toBe(false);
    const none = parseConfig({});
    expect(none.ok && none.config.SIGNING_P12).toBeUndefined();
  });
});
