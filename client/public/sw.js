/*
 * Offline start: a tablet reloaded without Wi-Fi opens its view from this cache (the view then shows
 * the meeting state kept on the device, marked "mất kết nối", and its pending work) instead of the
 * browser's error page.
 * - Pages (navigations): network first; the cached app shell (index.html) when the network fails.
 * - Hashed assets (/assets/…): cache first — a name changes whenever its content does.
 * - The API, Socket.IO and Yjs are never cached: they are live, and some carry tokens.
 * Served with Cache-Control: no-cache (server/http/client-files.ts) so a new build reaches tablets.
 * Browsers run service workers only on https or localhost: on a plain-http LAN address the app
 * works as before, online only.
 */
const CACHE = "concord-v1";
const SHELL = "/index.html";
const LIVE = /^\/(api|socket\.io|yjs)(\/|$)/;

/**
 * Fetches the shell, the assets it names (entry, CSS, preloaded chunks) and every other file of the
 * build (asset-manifest.json, written by vite.config.ts: the panels' lazy chunks) into the cache.
 */
async function cacheShell() {
  const cache = await caches.open(CACHE);
  const res = await fetch(SHELL, { cache: "no-store" });
  if (!res.ok) return;
  const html = await res.clone().text();
  await cache.put(SHELL, res);
  const assets = [...new Set([...html.matchAll(/\/assets\/[^"'?#\s]+/g)].map((m) => m[0]))];
  await cache.addAll(assets);
  await cacheBuild();
}

/**
 * Brings the cache to the build the server has now: every file the manifest lists is cached, files of
 * older builds are dropped. This file does not change between builds, so this runs at install and
 * after each page load from the network, not only once.
 */
async function cacheBuild() {
  let listed;
  try {
    const res = await fetch("/asset-manifest.json", { cache: "no-store" });
    if (!res.ok) return;
    listed = (await res.json()).assets;
  } catch {
    return; // offline, or a development build without a manifest: chunks are cached as they load
  }
  if (!Array.isArray(listed)) return;
  const wanted = new Set(listed.filter((u) => typeof u === "string" && u.startsWith("/assets/")));
  const cache = await caches.open(CACHE);
  for (const req of await cache.keys()) {
    const path = new URL(req.url).pathname;
    if (path.startsWith("/assets/") && !wanted.has(path)) await cache.delete(req);
  }
  for (const url of wanted) if (!(await cache.match(url))) await cache.add(url).catch(() => undefined);
}

self.addEventListener("install", (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

/** The page sends the /assets/ URLs it loaded before this worker controlled it (lazy chunks). */
self.addEventListener("message", (event) => {
  const data = event.data;
  if (!data || data.type !== "cache-assets" || !Array.isArray(data.urls)) return;
  const urls = data.urls.filter((u) => typeof u === "string" && new URL(u, self.location.origin).pathname.startsWith("/assets/"));
  event.waitUntil(
    caches.open(CACHE).then(async (cache) => {
      for (const u of urls) if (!(await cache.match(u))) await cache.add(u).catch(() => undefined);
    }),
  );
});

async function networkFirstPage(event) {
  const req = event.request;
  try {
    const res = await fetch(req);
    // Only the app shell is kept: every route serves the same index.html.
    if (res.ok && (res.headers.get("content-type") || "").includes("text/html")) {
      await (await caches.open(CACHE)).put(SHELL, res.clone());
      event.waitUntil(cacheBuild());
    }
    return res;
  } catch {
    return (await caches.match(SHELL)) || Response.error();
  }
}

async function cacheFirstAsset(req) {
  const hit = await caches.match(req);
  if (hit) return hit;
  const res = await fetch(req);
  if (res.ok) await (await caches.open(CACHE)).put(req, res.clone());
  return res;
}

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET") return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin || LIVE.test(url.pathname)) return;
  if (req.mode === "navigate") event.respondWith(networkFirstPage(event));
  else if (url.pathname.startsWith("/assets/")) event.respondWith(cacheFirstAsset(req));
});
