import type { PledgeDraft } from "../definition/schema";
import { normalisePledgeLine } from "./canonical";

/**
 * The pledge draft from the `pledge` Yjs document, given `draftJson(doc)` (shared/documents/layout.ts). The server
 * (to freeze) and the client (to show the hash it is about to sign) both build it this way, so both
 * compute the same pledgeHash. Tolerant: a missing or mistyped field reads as empty, never throws.
 * A commitment or legal basis left blank while editing is left out, so the numbering has no gap.
 */
export function draftFromJson(json: unknown): PledgeDraft {
  const d = isRecord(json) ? json : {};
  const subtitle = str(d.subtitle);
  return {
    header: {
      left: strings(d.headerLeft),
      right: strings(d.headerRight),
      placeDate: str(d.placeDate),
      title: str(d.title),
      ...(subtitle ? { subtitle } : {}),
    },
    legalBases: strings(d.legalBases).filter(filled),
    preamble: str(d.preamble),
    sections: (Array.isArray(d.sections) ? d.sections : []).filter(isRecord).map((s) => ({
      heading: str(s.heading),
      commitments: strings(s.commitments).filter(filled),
    })),
    signatureCaption: str(d.signatureCaption),
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const str = (v: unknown): string => (typeof v === "string" ? v : "");
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
const filled = (line: string): boolean => normalisePledgeLine(line) !== "";
