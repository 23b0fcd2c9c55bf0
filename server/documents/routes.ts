import express from "express";
import type { ServerContext } from "../context";

/** .docx versions of the minutes and the pledge, and the news item (mounted by the minutes domain). */
export function documentRoutes(_ctx: ServerContext) {
  const r = express.Router();
  return r;
}
