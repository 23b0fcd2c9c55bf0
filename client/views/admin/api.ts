import type { MeetingDefinitionInput } from "../../../shared/definition/schema";
import {
  ADMIN_CREATE_MEETING,
  ADMIN_DEFINITION,
  ADMIN_LINKS,
  ADMIN_SESSION,
  ARCHIVE,
  CREATE_ORGANISER_LINK,
  MEETINGS,
  NEXT_YEAR,
  ORGANISER_LINKS,
  RESULTS,
  REVOKE_ORGANISER_LINK,
  SAVE_DEFINITION,
} from "../../../shared/protocol/http/admin";
import type { RequestInput } from "../../../shared/protocol/http/route";
import { callApi, fetchFile } from "../../lib/api";

/**
 * The organisers' side's HTTP calls, with the admin token or a cluster organiser's token; every reply
 * is parsed with its route's schema (shared/protocol/http/admin.ts).
 */
export const fetchSession = (token: string) => callApi(ADMIN_SESSION, {}, { token });
export const fetchMeetings = (token: string) => callApi(MEETINGS, {}, { token });
export const fetchMeetingLinks = (id: string, token: string) => callApi(ADMIN_LINKS, { id }, { token });
export const setArchived = (id: string, archived: boolean, token: string) =>
  callApi(ARCHIVE, { id }, { token, body: { archived } });
export const fetchDefinition = (id: string, token: string) => callApi(ADMIN_DEFINITION, { id }, { token });
export const fetchNextYear = (id: string, token: string) => callApi(NEXT_YEAR, { id }, { token });
export const fetchResults = (year: number, token: string) =>
  callApi(RESULTS, {}, { token, query: { year: String(year) } });
export const fetchOrganiserLinks = (token: string) => callApi(ORGANISER_LINKS, {}, { token });
export const createOrganiserLink = (clusterId: string, label: string, token: string) =>
  callApi(CREATE_ORGANISER_LINK, {}, { token, body: { clusterId, label } });
export const revokeOrganiserLink = (linkId: string, token: string) =>
  callApi(REVOKE_ORGANISER_LINK, { linkId }, { token });

/** The form's definition as typed: the server checks it and lists every problem (INVALID_DEFINITION). */
const asDefinition = (definition: unknown) =>
  definition as MeetingDefinitionInput satisfies RequestInput<typeof SAVE_DEFINITION>;

/** PUT /api/meetings/:id/definition: refused with MEETING_STARTED (and why) once the meeting has begun. */
export const saveDefinition = (id: string, definition: unknown, token: string) =>
  callApi(SAVE_DEFINITION, { id }, { token, body: asDefinition(definition) });

/** POST /api/admin/meetings: as POST /api/meetings, also for a cluster organiser (its own cluster). */
export const createScopedMeeting = (definition: unknown, token: string) =>
  callApi(ADMIN_CREATE_MEETING, {}, { token, body: asDefinition(definition) });

/** A file from an authenticated GET (results CSV, PDFs), as an object URL; null when refused or unreachable. */
export async function fetchBlobUrl(path: string, token: string): Promise<string | null> {
  const file = await fetchFile(path, token);
  return file.ok ? URL.createObjectURL(file.data) : null;
}
