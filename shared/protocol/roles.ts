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

/** Literal tuples, so the protocol table (table.ts) and the types derived from it know who may send what. */
export const ORGANISER_ROLES = ["chair", "secretary"] as const satisfies readonly Role[];
export const CHAIR_ONLY = ["chair"] as const satisfies readonly Role[];
export const DELEGATES_ONLY = ["delegate"] as const satisfies readonly Role[];
/** Every role: reads any device may ask for (the state again, the polls, the pledge). */
export const ALL_ROLES = ["chair", "secretary", "delegate", "screen", "observer"] as const satisfies readonly Role[];

/** How a refusal names a role, in Vietnamese (the English keeps the role's code). */
export const ROLE_WORDS: Readonly<Record<Role, string>> = {
  chair: "Chủ trì",
  secretary: "Thư ký",
  delegate: "Đại biểu",
  screen: "Màn hình chiếu",
  observer: "Người theo dõi",
};
