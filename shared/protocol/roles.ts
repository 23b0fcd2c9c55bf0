import { z } from "zod";

/** Who a join link makes you. A delegate also belongs to one unit. */
export const roleSchema = z.enum(["chair", "secretary", "delegate", "screen", "observer"]);
export type Role = z.infer<typeof roleSchema>;

/** The chair and the secretary run the meeting; both come from the head unit. */
export function isOrganiser(role: Role): boolean {
  return role === "chair" || role === "secretary";
}

/** The big screen and public followers read everything and write nothing. */
export function isReadOnly(role: Role): boolean {
  return role === "screen" || role === "observer";
}

export const ORGANISER_ROLES: readonly Role[] = ["chair", "secretary"];
