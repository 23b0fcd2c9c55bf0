/**
 * The frozen text hash in the PDF's own metadata (Keywords and Subject), so an uploaded copy can be
 * checked without reading its pages: the hash printed on the verification page is drawn in an
 * embedded font and compressed, so it cannot be found in the bytes. server/pdf does not take extra
 * metadata, so the hash is added as a standard PDF incremental update (a new Info object, a one-entry
 * cross-reference section and a trailer pointing back to the original one); every reader accepts it.
 */
const SUBJECT_PREFIX = "concord-pledge-text-sha256";

export function withTextHashMetadata(pdf: Buffer, textHash: string): Buffer {
  if (!/^[0-9a-f]{64}$/.test(textHash)) return pdf;
  const s = pdf.toString("latin1");
  const trailerAt = s.lastIndexOf("trailer");
  const trailer = /trailer\s*<<([\s\S]*?)>>\s*startxref\s*(\d+)\s*%%EOF\s*$/.exec(s.slice(trailerAt));
  const info = trailer && /\/Info\s+(\d+)\s+(\d+)\s+R/.exec(trailer[1]!);
  if (!trailer || !info) return pdf;
  const [infoNum, infoGen] = [Number(info[1]), Number(info[2])];
  const objAt = s.lastIndexOf(`\n${infoNum} ${infoGen} obj`);
  const objEnd = s.indexOf("endobj", objAt);
  if (objAt < 0 || objEnd < 0) return pdf;
  const body = s.slice(objAt, objEnd);
  const dict = body.slice(body.indexOf("<<") + 2, body.lastIndexOf(">>"));
  const kept = dict
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !/^\/(Keywords|Subject)\b/.test(l));

  const trailerDict = trailer[1]!
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("/Prev"));
  const head = pdf.length + 1; // after the "\n" below
  const object = `\n${infoNum} ${infoGen} obj\n<<\n${[...kept, `/Keywords (${textHash})`, `/Subject (${SUBJECT_PREFIX} ${textHash})`].join("\n")}\n>>\nendobj\n`;
  const xrefAt = pdf.length + Buffer.byteLength(object, "latin1");
  const offset = String(head).padStart(10, "0");
  const gen = String(infoGen).padStart(5, "0");
  const tail =
    `xref\n${infoNum} 1\n${offset} ${gen} n \n` +
    `trailer\n<<\n${[...trailerDict, `/Prev ${trailer[2]}`].join("\n")}\n>>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.concat([pdf, Buffer.from(object + tail, "latin1")]);
}

/** The text hash a PDF carries in its metadata (the last update wins), or null. */
export function textHashFromPdf(pdf: Buffer): string | null {
  const s = pdf.toString("latin1");
  let found: string | null = null;
  for (const m of s.matchAll(/\/Keywords\s*\(([0-9a-f]{64})\)/g)) found = m[1]!;
  if (found) return found;
  for (const m of s.matchAll(new RegExp(`${SUBJECT_PREFIX} ([0-9a-f]{64})`, "g"))) found = m[1]!;
  return found;
}
