/**
 * Compile-time checks of the HTTP route table (shared/protocol/http), run by `npm run typecheck` (not by
 * vitest: its name does not end in .test.ts). Each `@ts-expect-error` is a reply or a call that must
 * not compile; if one starts compiling, the directive itself is the error.
 */
import type { Response } from "express";
import type * as z from "zod/v4/mini";
import { reply } from "../../server/http/reply";
import { callApi, type ApiResult } from "../../client/lib/api";
import { ME, sessionInfoSchema } from "../../shared/protocol/http/meetings";
import { REISSUE_LINK, REVOKE_LINK } from "../../shared/protocol/http/links";
import { ARCHIVE, MEETINGS } from "../../shared/protocol/http/admin";
import { meetingDocumentSchema } from "../../shared/protocol/http/documents";
import { VERIFY_CHECK } from "../../shared/protocol/http/pledge";
import { pledgeStageEnum, roleEnum, type Reply } from "../../shared/protocol/http/route";
import type { MeetingDefinition } from "../../shared/definition/schema";
import type { Role } from "../../shared/protocol/roles";
import type { PledgeStage } from "../../shared/protocol/pledge";
import type { SessionInfo } from "../../shared/protocol/meeting";
import type { MeetingDocumentView } from "../../shared/protocol/discussion";

declare const res: Response;
declare const definition: MeetingDefinition;
declare const session: SessionInfo;

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const holds = <T extends true>(): T => true as T;

// The table's copies of types owned elsewhere stay equal to them.
holds<Equal<z.output<typeof roleEnum>, Role>>();
holds<Equal<z.output<typeof pledgeStageEnum>, PledgeStage>>();
holds<Equal<z.output<typeof sessionInfoSchema>, SessionInfo>>();
holds<Equal<z.output<typeof meetingDocumentSchema>, MeetingDocumentView>>();

// The server: a reply of the route's shape compiles…
reply(res, ME, { session, definition });
reply(res, REVOKE_LINK, {});
reply(res, MEETINGS, { scope: { kind: "admin" }, meetings: [] });

// …a reply of another shape does not.
// @ts-expect-error the definition is missing
reply(res, ME, { session });
// @ts-expect-error a role that is not one
reply(res, ME, { session: { ...session, role: "president" }, definition });
// @ts-expect-error a field the reply does not have
reply(res, ME, { session, definition, token: "leaked" });
// @ts-expect-error the reissued link, not a string
reply(res, REISSUE_LINK, { link: "https://…" });
// @ts-expect-error a cluster scope needs its cluster
reply(res, MEETINGS, { scope: { kind: "cluster" }, meetings: [] });
const hashCheck = {
  source: "hash",
  stage: "final",
  textHash: null,
  found: "x",
  matches: false,
  message: "",
} as const;
reply(res, VERIFY_CHECK, { ...hashCheck, verdict: "text" });
// @ts-expect-error a hash check's verdict is one of the five
reply(res, VERIFY_CHECK, { ...hashCheck, verdict: "maybe" });

// The client: the reply's type comes from the schema, and the call's parameters from the path.
export async function clientSide(token: string): Promise<void> {
  const me: ApiResult<Reply<typeof ME>> = await callApi(ME, {}, { token });
  if (me.ok) {
    const role: Role = me.data.session.role;
    const units: MeetingDefinition["units"] = me.data.definition.units;
    void role;
    void units;
    // @ts-expect-error not in GET /api/me's reply
    void me.data.links;
  }
  // @ts-expect-error the path names :id
  await callApi(ARCHIVE, {}, { token, body: { archived: true } });
  // @ts-expect-error the body is { archived: boolean }
  await callApi(ARCHIVE, { id: "m-1" }, { token, body: { archived: "yes" } });
}
