import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { defaultPublicUrl, parseConfig } from "../../server/config";

describe("configuration", () => {
  it("defaults to the embedded mode on port 3000 with ./data", () => {
    const r = parseConfig({});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config).toMatchObject({ PORT: 3000, HOST: "0.0.0.0", DEMO: true });
    expect(r.config.dataDir).toBe(path.resolve("./data"));
  });

  // prettier-ignore
  it.each<[string, Record<string, string>, RegExp]>([
    ["a port that is not a number", { PORT: "abc" },                      /PORT/],
    ["a port out of range",         { PORT: "70000" },                    /PORT/],
    ["a short admin token",         { ADMIN_TOKEN: "short" },             /ADMIN_TOKEN/],
    ["a public URL that is not one", { PUBLIC_URL: "tablets.local" },     /PUBLIC_URL/],
    ["an unknown log level",        { LOG_LEVEL: "loud" },                /LOG_LEVEL/],
    ["an unknown store",            { STORE: "mongo" },                   /STORE/],
    ["Redis mode without REDIS_URL", { STORE: "redis" },                  /REDIS_URL/],
    ["a REDIS_URL that is not Redis", { STORE: "redis", REDIS_URL: "http://redis:6379" }, /REDIS_URL/],
    ["Redis mode without LINK_SECRET", { STORE: "redis", REDIS_URL: "redis://redis:6379", ADMIN_TOKEN: "a".repeat(20) }, /LINK_SECRET/],
    ["Redis mode without ADMIN_TOKEN", { STORE: "redis", REDIS_URL: "redis://redis:6379", LINK_SECRET: "b".repeat(64) }, /ADMIN_TOKEN/],
    ["a short LINK_SECRET",          { LINK_SECRET: "short" },             /LINK_SECRET/],
  ])("refuses %s and names the variable", (_name, env, pattern) => {
    const r = parseConfig(env);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.join("\n")).toMatch(pattern);
  });

  it("keeps SQLite unless STORE=redis names a REDIS_URL", () => {
    const d = parseConfig({});
    expect(d.ok && d.config.STORE).toBe("sqlite");
    const r = parseConfig({ STORE: "redis", REDIS_URL: "redis://redis:6379", LINK_SECRET: "b".repeat(64), ADMIN_TOKEN: "a".repeat(20) });
    expect(r.ok && { store: r.config.STORE, url: r.config.REDIS_URL }).toEqual({ store: "redis", url: "redis://redis:6379" });
  });

  it("lists every problem at once", () => {
    const r = parseConfig({ PORT: "x", LOG_LEVEL: "loud", PUBLIC_URL: "nope" });
    expect(r.ok ? [] : r.problems).toHaveLength(3);
  });

  it("prints join links with PUBLIC_URL without a trailing slash", () => {
    const r = parseConfig({ PUBLIC_URL: "http://192.168.1.10:3000/" });
    expect(r.ok && r.config.publicUrl).toBe("http://192.168.1.10:3000");
  });
});

describe("the address in join links", () => {
  const nic = (address: string, internal = false) => [{ address, family: "IPv4", internal, netmask: "255.255.255.0", mac: "00:00:00:00:00:00", cidr: null }] as never;
  // prettier-ignore
  it.each<[string, string, Record<string, never>, string]>([
    ["the LAN address when listening everywhere", "0.0.0.0",   { lo: nic("127.0.0.1", true), eth0: nic("192.168.1.10") },     "http://192.168.1.10:3000"],
    ["not a container bridge",                    "0.0.0.0",   { docker0: nic("172.17.0.1"), wlan0: nic("10.0.0.5") },        "http://10.0.0.5:3000"],
    ["localhost when there is no LAN",            "0.0.0.0",   { lo: nic("127.0.0.1", true) },                                "http://localhost:3000"],
    ["the host it listens on otherwise",          "127.0.0.1", { eth0: nic("192.168.1.10") },                                 "http://127.0.0.1:3000"],
  ])("uses %s", (_name, host, interfaces, url) => {
    expect(defaultPublicUrl(host, 3000, interfaces)).toBe(url);
  });
});

describe("dependencies", () => {
  it("has exactly one copy of yjs (two copies break documents at run time)", () => {
    const out = execFileSync("npm", ["ls", "yjs", "--all", "--parseable"], { encoding: "utf8" });
    const versions = new Set(
      out
        .split("\n")
        .filter(Boolean)
        .map((dir) => (JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { version: string }).version),
    );
    expect([...versions]).toEqual(["13.6.33"]);
  });
});
