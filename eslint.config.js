import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "dist-server/**", "node_modules/**", "data/**", "coverage/**", ".tmp/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // shared/ is a leaf: pure logic and protocol used by both sides (STYLE.md, point 1).
    files: ["shared/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["**/server/**", "**/client/**"], message: "shared/ may not import server/ or client/ code." },
            { group: ["node:*", "express", "socket.io", "better-sqlite3", "ws", "react", "react-dom"], message: "shared/ runs in the browser too: no server or UI libraries." },
          ],
        },
      ],
    },
  },
  {
    // Plain Node scripts (not TypeScript): Node's globals.
    files: ["scripts/**/*.mjs"],
    languageOptions: { globals: { console: "readonly", process: "readonly" } },
  },
  {
    // The service worker (plain JavaScript served as /sw.js): the worker's globals.
    files: ["client/public/sw.js"],
    languageOptions: {
      sourceType: "script",
      globals: { self: "readonly", caches: "readonly", fetch: "readonly", URL: "readonly", Response: "readonly", console: "readonly" },
    },
  },
  {
    // The server logs through server/log.ts, with categories (STYLE.md, point 12).
    files: ["server/**/*.ts"],
    rules: { "no-console": "error" },
  },
);
