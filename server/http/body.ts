import express from "express";

/**
 * JSON bodies are parsed per route, after the route's token check: an anonymous request never gets
 * its body read into memory. Small routes take small bodies; only a meeting definition is bigger.
 */
export const SMALL_JSON_BYTES = 16 * 1024;
/** A meeting definition: the demo's is 18 kB; this leaves room for a long pledge draft. */
export const DEFINITION_JSON_BYTES = 1024 * 1024;
/** The largest body any route takes (a PDF to verify); a declared length above it is refused before routing. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Parses `application/json` up to `limitBytes`; larger → 413 PAYLOAD_TOO_LARGE, malformed → 400 (app.ts). */
export function jsonBody(limitBytes: number = SMALL_JSON_BYTES) {
  return express.json({ limit: limitBytes, strict: true });
}
