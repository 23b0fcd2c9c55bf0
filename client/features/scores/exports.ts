import { fetchFile, saveBlob } from "../../lib/api";

/**
 * The exports need the bearer token, so a plain link cannot fetch them: fetch with the header,
 * then hand the browser a Blob to save under the route's file name. Null when saved, else the
 * server's refusal (Vietnamese first) or the network error.
 */
export async function downloadExport(meetingId: string, token: string, file: "scores.csv" | "scores.json"): Promise<string | null> {
  const res = await fetchFile(`/api/meetings/${encodeURIComponent(meetingId)}/${file}`, token);
  if (!res.ok) return res.error.message;
  saveBlob(res.data, `${meetingId}-${file}`);
  return null;
}
