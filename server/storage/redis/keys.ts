import type { DocName } from "../store";

/**
 * Key names. Everything of one meeting carries the hash tag `{m:<id>}`, so a meeting lives in one slot
 * of a Redis Cluster and one Lua script may touch all of it. The three global indexes (meeting list,
 * demo meeting, token → link) are written after the meeting's own keys and never trusted alone.
 */
export const keys = (meetingId: string) => {
  const t = `{m:${meetingId}}`;
  return {
    meeting: `${t}:meeting`,
    /** List of link ids in creation order. */
    links: `${t}:links`,
    link: (linkId: string) => `${t}:link:${linkId}`,
    state: `${t}:state`,
    /** List of journal entries (JSON) in seq order. */
    journal: `${t}:journal`,
    /** "<seq> <hash>" of the last entry; absent before the first. */
    head: `${t}:head`,
    /** Stream of accepted Yjs updates; entry ids are 0-<seq>, seq from the counter below (never a clock). */
    doc: (doc: DocName) => `${t}:doc:${doc}`,
    docSeq: (doc: DocName) => `${t}:doc:${doc}:seq`,
    /** Hash { data, upto }: the snapshot and the last seq it contains. */
    docSnap: (doc: DocName) => `${t}:doc:${doc}:snap`,
    /** Hash client id → link id (HSETNX: first writer wins for good). */
    docClients: (doc: DocName) => `${t}:doc:${doc}:clients`,
    /** Hash { json, v }: the pledge record and its version (the compare-and-set key). */
    pledge: `${t}:pledge`,
    /** List of signatures (JSON) in signing order, voided ones too. */
    pledgeSigs: `${t}:pledge:sigs`,
    /** Hash unit → index in pledgeSigs of the unit's live signature. */
    pledgeLive: `${t}:pledge:live`,
    /** Hash index → { at, reason } of voided signatures. */
    pledgeVoided: `${t}:pledge:voided`,
    /** Hash sha256 → issued final PDF (JSON; HSETNX: the first record stays). */
    issued: `${t}:issued`,
    /** Meeting documents: hash id → record (JSON), and their ids in the order attached. The bytes: concord:blob:<sha256>. */
    documents: `${t}:documents`,
    documentOrder: `${t}:documents:order`,
    /** The discussion's state (queue, current speaker, page shown) as JSON, and the list of turns that ended. */
    discussion: `${t}:discussion`,
    turns: `${t}:turns`,
    /** "1" while the meeting is archived, "0" after it was restored (organisers' side). */
    archived: `${t}:archived`,
    /** List of poll ids in creation order. */
    polls: `${t}:polls`,
    /** The poll record (JSON); its exact bytes are a transition's compare-and-set key. */
    poll: (pollId: string) => `${t}:poll:${pollId}`,
    /** Who voted: hash unit → { opHash, linkId, castAt, sealedReceipt | receipt, ballot (show of hands only) }. */
    pollVoters: (pollId: string) => `${t}:poll:${pollId}:voters`,
    /** Show of hands: hash receipt → choices (JSON). */
    pollBallots: (pollId: string) => `${t}:poll:${pollId}:ballots`,
    /** Secret, until the close: set of sealed ballots (receipt and choices under a key not in Redis). */
    pollSealed: (pollId: string) => `${t}:poll:${pollId}:sealed`,
    /** Secret, until the close: set of keyed receipt tags (a duplicate receipt is drawn again). */
    pollTags: (pollId: string) => `${t}:poll:${pollId}:tags`,
    /** Secret, from the close: the opened ballot set, sorted by receipt (JSON). */
    pollOpened: (pollId: string) => `${t}:poll:${pollId}:opened`,
  };
};

/** Sorted set of meeting ids by creation time. */
export const MEETINGS_KEY = "concord:meetings";
/** The demo meeting's id (SET NX: the first demo wins). */
export const DEMO_KEY = "concord:demo";
/** Cluster organisers' links: the record (JSON), token hash → link id, and the ids by creation time (sorted set). */
export const organiserLinkKey = (linkId: string) => `concord:organiser:${linkId}`;
export const organiserTokenKey = (tokenHash: string) => `concord:organiser-token:${tokenHash}`;
export const ORGANISERS_KEY = "concord:organisers";
/** Token hash → "<meetingId>\n<linkId>"; a lookup re-checks the link's own tokenHash. */
export const tokenKey = (tokenHash: string) => `concord:token:${tokenHash}`;
