/** GET /api/embed/:meetingId (public; docs/protocol.md, "Documents"): one reply type for server and client. */
/** What the portal's embedded page shows: only what is already public (published, locked, signed). */
export interface EmbedResults {
  meetingId: string;
  cluster: string;
  province: string;
  year: number;
  conference: { title: string; date: string; venue?: string };
  /** The agreed ranking once the score table is locked; null before. */
  ranking: Array<{ rank: number; unitName: string; total: number }> | null;
  /** Published polls: title and result as read out. */
  results: Array<{ id: string; title: string; outcome: string; headline: string | null }>;
  elected: { year: number; head: string; deputy?: string } | null;
  pledge: {
    stage: string;
    signedCount: number;
    unitCount: number;
    textHash: string | null;
    signatures: Array<{ unitName: string; signerName: string; signedAt: string }>;
  };
}
