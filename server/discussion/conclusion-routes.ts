import express from "express";
import type { ServerContext } from "../context";

/** Invitations and the conclusion notice (filled in below). */
export function conclusionRoutes(_ctx: ServerContext): express.Router {
  return express.Router();
}
