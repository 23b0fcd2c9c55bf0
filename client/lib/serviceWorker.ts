/**
 * Registers the offline-start service worker (public/sw.js) in a production build, where assets have
 * hashed names, and hands it the /assets/ files this page loaded before it took control (the lazy
 * chunks of the view), so the next reload without Wi-Fi finds them too.
 */
// Vite replaces import.meta.env at build time (the project does not load vite/client's types).
const PROD = (import.meta as ImportMeta & { env: { PROD: boolean } }).env.PROD;

export function registerServiceWorker(): void {
  if (!PROD || !("serviceWorker" in navigator)) return;
  window.addEventListener("load", () => {
    navigator.serviceWorker
      .register("/sw.js")
      .then(() => navigator.serviceWorker.ready)
      .then((reg) => {
        const send = () => {
          const urls = performance
            .getEntriesByType("resource")
            .map((e) => e.name)
            .filter((u) => new URL(u).pathname.startsWith("/assets/"));
          reg.active?.postMessage({ type: "cache-assets", urls });
        };
        send();
        navigator.serviceWorker.addEventListener("controllerchange", send);
        // Chunks that load later (a panel opened, English chosen) are fetched through the worker and cached by it.
      })
      .catch(() => {
        // No service worker (plain http on a LAN address): the app still works online.
      });
  });
}
