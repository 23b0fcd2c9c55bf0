import { defineConfig, type Plugin } from "vite";
import react from "@vitejs/plugin-react";

/**
 * dist/asset-manifest.json: every hashed file of the build, which the service worker (client/public/sw.js)
 * caches when it installs, so a tablet that goes offline right after its first load still has every
 * panel's chunk for an offline start.
 */
function assetManifest(): Plugin {
  return {
    name: "concord-asset-manifest",
    apply: "build",
    generateBundle(_options, bundle) {
      const assets = Object.keys(bundle).filter((f) => f.startsWith("assets/")).sort().map((f) => `/${f}`);
      this.emitFile({ type: "asset", fileName: "asset-manifest.json", source: JSON.stringify({ assets }) });
    },
  };
}

// The client lives in client/; the built files go to dist/, which the server serves.
export default defineConfig({
  root: "client",
  plugins: [react(), assetManifest()],
  build: { outDir: "../dist", emptyOutDir: true },
  server: {
    proxy: {
      "/api": "http://127.0.0.1:3000",
      "/socket.io": { target: "ws://127.0.0.1:3000", ws: true },
      "/yjs": { target: "ws://127.0.0.1:3000", ws: true },
    },
  },
});
