/**
 * The exports need the bearer token, so a plain link cannot fetch them: fetch with the header,
 * then hand the browser a Blob to save under the route's file name.
 */
export async function downloadExport(meetingId: string, token: string, file: "scores.csv" | "scores.json"): Promise<string | null> {
  try {
    const res = await fetch(`/api/meetings/${encodeURIComponent(meetingId)}/${file}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!res.ok) return `HTTP ${res.status}`;
    const blob = await res.blob();
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = `${meetingId}-${file}`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    // Give the browser a moment to start the download before the URL goes away.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
