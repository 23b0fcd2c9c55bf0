import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The client lives in client/; the built files go to dist/, which the server serves.
export default defineConfig({
  root: "client",
  plugins: [react()],
  build: { outDir: "../dist", emptyOutDir: true },
  server: {
    proxy: {
      "/api": "http://127.0.0.1:3000",
      "/socket.io": { target: "ws://127.0.0.1:3000", ws: true },
      "/yjs": { target: "ws://127.0.0.1:3000", ws: true },
    },
  },
});
