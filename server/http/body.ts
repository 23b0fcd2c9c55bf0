import express from "express";

/**
 * JSON bodies are parsed per route, after the route's token check: an anonymous request never gets
 * its body read into memory. Small routes take small bodies; only a meeting definition is bigger.
 */
export const SMALL_JSON_BYTES = 16 * 1024;
/** A meeting definition: the demo's is 18 kB; this leaves room for a long pledge draft. */
export const DEFINITION_JSON_BYTES = 1024 * 1024;
/** The largest body any route but the document upload takes (a PDF to verify). */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * The largest body of any route: a declared length above it is refused before routing. The document
 * upload takes up to MAX_DOCUMENT_MB (config.maxDocumentBytes), which may be more than MAX_BODY_BYTES.
 */
export function largestBodyBytes(maxDocumentBytes: number): number {
  return Math.max(MAX_BODY_BYTES, maxDocumentBytes);
}

/** Parses `application/json` up to `limitBytes`; larger → 413 PAYLOAD_TOO_LARGE, malformed → 400 (app.ts). */
export function jsonBody(limitBytes: number = SMALL_JSON_BYTES) {
  return express.json({ limit: limitBytes, strict: true });
}
