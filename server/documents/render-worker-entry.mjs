// Entry of the PDF render worker (server/documents/render-pool.ts). A worker thread does not inherit the
// TypeScript loader of the process that starts it (tsx in production, vite-node in tests), so it
// registers tsx itself, then loads the worker written in TypeScript.
import { register } from "tsx/esm/api";

register();
await import("./render-worker.ts");
