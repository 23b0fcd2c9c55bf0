import type { PledgeDraft } from "../definition/schema";
import { sha256Hex } from "../util/hash";

/**
 * The canonical pledge text: the exact string that is frozen, hashed and signed.
 * One field is one line, so the printed pledge and the hash always agree line by line:
 *   header left lines, header right lines, place and date, title, subtitle,
 *   legal bases ("Căn cứ …"), preamble, then every section heading followed by its
 *   commitments numbered "1.", "2." … , and last the signature caption.
 * Text is NFC-normalised (a tablet may send NFD Vietnamese), runs of whitespace become one
 * space, fields are trimmed, and empty optional fields are left out.
 */
export function canonicalPledgeText(pledge: PledgeDraft): string {
  return canonicalPledgeLines(pledge).join("\n");
}

/** sha256 (hex) of the canonical text; equal for every rendering of the same wording. */
export function pledgeHash(pledge: PledgeDraft): string {
  return sha256Hex(canonicalPledgeText(pledge));
}

/** The canonical text line by line (the PDF prints these lines, so print and hash cannot drift). */
export function canonicalPledgeLines(pledge: PledgeDraft): string[] {
  const { header } = pledge;
  const lines = [
    ...header.left.map(normalisePledgeLine),
    ...header.right.map(normalisePledgeLine),
    normalisePledgeLine(header.placeDate),
    normalisePledgeLine(header.title),
    normalisePledgeLine(header.subtitle ?? ""),
    ...pledge.legalBases.map(legalBasisLine),
    normalisePledgeLine(pledge.preamble),
  ];
  for (const section of pledge.sections) {
    lines.push(normalisePledgeLine(section.heading));
    section.commitments.forEach((c, i) => lines.push(commitmentLine(i, c)));
  }
  lines.push(normalisePledgeLine(pledge.signatureCaption));
  return lines.filter((l) => l !== "");
}

// Zero-width characters are invisible on paper, so they must not change the hash either.
const INVISIBLE = /[\u200B\u2060\uFEFF]/g;

/** NFC, invisible characters removed, every run of whitespace (newlines included) one space, trimmed. */
export function normalisePledgeLine(text: string): string {
  return text.normalize("NFC").replace(INVISIBLE, "").replace(/\s+/g, " ").trim();
}

/** A legal basis as printed: "Căn cứ …", the prefix added when the draft leaves it out. */
export function legalBasisLine(basis: string): string {
  const line = normalisePledgeLine(basis);
  if (line === "") return "";
  return /^căn cứ(\s|$)/iu.test(line) ? line : `Căn cứ ${line}`;
}

/** The n-th commitment of a section (0-based index) as printed: "1. …". */
export function commitmentLine(index: number, commitment: string): string {
  const line = normalisePledgeLine(commitment);
  return line === "" ? "" : `${index + 1}. ${line}`;
}
