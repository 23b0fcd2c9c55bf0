import { JOURNAL } from "../../shared/protocol/http/journal";
import { LINKS, REISSUE_LINK, REVOKE_LINK } from "../../shared/protocol/http/links";
import type { Reply } from "../../shared/protocol/http/route";
import { callApi, callWithText, type ApiResult } from "./api";

/** The chair's and the secretary's calls about the meeting's links and journal (lazy views only). */

/** GET /api/meetings/:id/links (chair or secretary). */
export function fetchLinks(meetingId: string, token: string): Promise<ApiResult<Reply<typeof LINKS>>> {
  return callApi(LINKS, { id: meetingId }, { token });
}

/** POST …/links/:linkId/revoke (chair or secretary): the link's devices are disconnected at once. */
export function revokeLink(
  meetingId: string,
  linkId: string,
  token: string,
): Promise<ApiResult<Reply<typeof REVOKE_LINK>>> {
  return callApi(REVOKE_LINK, { id: meetingId, linkId }, { token });
}

/** POST …/links/:linkId/reissue (chair or secretary): a new URL; the old token stops working. */
export function reissueLink(
  meetingId: string,
  linkId: string,
  token: string,
): Promise<ApiResult<Reply<typeof REISSUE_LINK>>> {
  return callApi(REISSUE_LINK, { id: meetingId, linkId }, { token });
}

/**
 * GET /api/meetings/:id/journal (chair or secretary), with the body exactly as the server sent it,
 * so the download is byte for byte what `npm run verify-journal` expects.
 */
export async function fetchJournal(
  meetingId: string,
  token: string,
): Promise<ApiResult<Reply<typeof JOURNAL> & { raw: string }>> {
  const { result, raw } = await callWithText(JOURNAL, { id: meetingId }, { token });
  return result.ok ? { ok: true, data: { ...result.data, raw } } : result;
}
