import * as z from "zod/v4/mini";
import type { MeetingDefinition, MeetingDefinitionInput } from "../../definition/schema";
import { defineRoute, objectOf, roleEnum } from "./route";

/**
 * Who a token is (GET /api/me) and the health check. GET /api/me is in the delegate's first load: this
 * file holds nothing else, so that chunk carries only these schemas (the other routes are in files of
 * their own; tests/browser/room-bundle.test.ts).
 */

/** The session a join token opens (../meeting.ts SessionInfo; tests/types/http.types.ts holds them equal). */
export const sessionInfoSchema = z.object({
  meetingId: z.string(),
  role: roleEnum,
  unit: z.nullable(z.string()),
  linkId: z.string(),
  label: z.string(),
});

/**
 * A meeting definition as the server stored it, after its own (classic zod) schema checked every field:
 * here, that it has the parts every view reads; typed as the definition.
 */
const definitionPartsSchema = () =>
  z.looseObject({
    cluster: z.looseObject({ name: z.string(), province: z.string(), year: z.number() }),
    conference: z.looseObject({ title: z.string(), date: z.string() }),
    units: z.array(z.looseObject({ code: z.string(), name: z.string() })),
    criteria: z.looseObject({}),
    agenda: z.array(z.unknown()),
    rules: z.looseObject({}),
  });
let definitionParts: ReturnType<typeof definitionPartsSchema> | undefined;
export const storedDefinition = () =>
  z.custom<MeetingDefinition>((v) => (definitionParts ??= definitionPartsSchema()).safeParse(v).success);
/** A definition as sent to be created or saved: parsed by parseMeetingDefinition at the edge (every problem listed). */
export const definitionRequest = () => objectOf<MeetingDefinitionInput>();

export const HEALTH = defineRoute({
  method: "GET",
  path: "/api/health",
  access: { kind: "public" },
  summary: "The server is up (load balancers, the demo).",
  body: "none",
  get reply() {
    return z.object({ status: z.literal("up") });
  },
  status: 200,
});

export const ME = defineRoute({
  method: "GET",
  path: "/api/me",
  access: { kind: "link", roles: "any", admin: false },
  summary: "Who the bearer token makes this device, and the meeting definition the views need.",
  body: "none",
  get reply() {
    return z.object({ session: sessionInfoSchema, definition: storedDefinition() });
  },
  status: 200,
});
