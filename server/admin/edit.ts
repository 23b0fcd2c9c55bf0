import * as Y from "yjs";
import type { MeetingDefinition } from "../../shared/definition/schema";
import { draftJson, newUnitRow, pledgeProposals, scoresJson, scoresStage, scoresUnits } from "../../shared/documents/layout";
import { canonicalJson } from "../../shared/util/hash";
import type { ServerContext } from "../context";
import { linkSlots } from "../meetings/links";
import type { MeetingRoom } from "../meetings/room";
import type { DocName, LinkRecord } from "../storage/store";
import { initialPledgeUpdate, initialScoresUpdate, unitSeed, writePledgeDraft } from "../yjs/structure";
import { startedBecause } from "./started";
import type { AdminStore } from "./store";

async function storedDoc(ctx: ServerContext, meetingId: string, name: DocName): Promise<Y.Doc> {
  const stored = await ctx.store.loadDoc(meetingId, name);
  const doc = new Y.Doc();
  const updates = stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates;
  if (updates.length) Y.applyUpdate(doc, Y.mergeUpdates(updates));
  return doc;
}

function docOf(update: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return doc;
}

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

/**
 * Why the meeting can no longer be edited (Vietnamese, English in brackets), or null. Besides the
 * journal, a score typed or a pledge draft edited before anything was journaled counts too: an edit
 * would throw that work away.
 */
export async function whyNotEditable(ctx: ServerContext, room: MeetingRoom): Promise<string | null> {
  const journal = startedBecause(await ctx.store.readJournal(room.id), room.definition);
  if (journal) return journal;
  const def = room.definition;
  const scores = await storedDoc(ctx, room.id, "scores");
  const fresh = docOf(initialScoresUpdate(def));
  if (!same(scoresJson(scores), scoresJson(fresh)) || scoresStage(scores) !== "closed")
    return "đã có điểm được nhập vào bảng điểm (scores have been entered)";
  const pledge = await storedDoc(ctx, room.id, "pledge");
  const freshPledge = docOf(initialPledgeUpdate(def));
  if (!same(draftJson(pledge), draftJson(freshPledge)) || pledgeProposals(pledge).size > 0)
    return "dự thảo giao ước đã được sửa trên hội nghị (the pledge draft has been edited)";
  return null;
}

/** The score document's unit rows for a new definition (as server/yjs/structure.ts creates them). */
function rebuildScores(doc: Y.Doc, def: MeetingDefinition): void {
  const units = scoresUnits(doc);
  const keep = new Set(def.units.map((u) => u.code));
  for (const code of [...units.keys()]) if (!keep.has(code)) units.delete(code);
  for (const u of def.units) units.set(u.code, newUnitRow(unitSeed(def, u.code)));
}

/**
 * Puts a new definition in place of a meeting's that has not begun: the definition, its links, the
 * documents' restructuring and the journal entry in one transaction; then the loaded room and any loaded
 * document follow (through the documents' own queue, so connected views receive the new structure).
 */
export async function replaceDefinition(ctx: ServerContext, admin: AdminStore, room: MeetingRoom, def: MeetingDefinition, actor: string) {
  const existing = await ctx.store.listLinks(room.id);
  const slots = linkSlots(def);
  const wanted = new Map(slots.map((s) => [s.linkId, s]));
  const have = new Map(existing.map((l) => [l.linkId, l]));
  const remove = existing.filter((l) => !wanted.has(l.linkId)).map((l) => l.linkId);
  const add = ctx.service.linkRecords(room.id, slots.filter((s) => !have.has(s.linkId)));
  const relabel = slots.filter((s) => have.has(s.linkId) && have.get(s.linkId)!.label !== s.label).map((s) => ({ linkId: s.linkId, label: s.label }));
  const before = room.definition;
  // The restructuring of each document, computed against what is stored (memory never runs ahead of it).
  const docs = await Promise.all(
    (["scores", "pledge"] as const).map(async (name) => {
      const doc = await storedDoc(ctx, room.id, name);
      const sv = Y.encodeStateVector(doc);
      doc.transact(() => (name === "scores" ? rebuildScores(doc, def) : writePledgeDraft(doc, def)));
      return { name, update: Y.encodeStateAsUpdate(doc, sv), clientId: doc.clientID };
    }),
  );
  const entry = admin.replaceDefinition(room.id, def, { remove, add, relabel }, {
    actor,
    data: {
      title: def.conference.title,
      units: def.units.map((u) => u.code),
      removedUnits: before.units.filter((u) => !def.units.some((n) => n.code === u.code)).map((u) => u.code),
      addedUnits: def.units.filter((u) => !before.units.some((o) => o.code === u.code)).map((u) => u.code),
    },
  }, docs);

  // The loaded room: its record carries the definition every domain reads.
  (room.meeting as { definition: MeetingDefinition }).definition = def;
  const now = Date.now();
  for (const id of remove) room.linkChanged({ ...have.get(id)!, revokedAt: now });
  for (const l of add) room.linkChanged(l);
  for (const r of relabel) room.linkChanged({ ...(have.get(r.linkId) as LinkRecord), label: r.label });

  // A loaded document (an open chair console) gets the same update through its queue, so its connections
  // receive it; applying it twice is a no-op for Yjs. A document not loaded reads it from the store.
  for (const d of docs) await (await ctx.yjs.docRoom(room, d.name)).serverTransact((doc) => Y.applyUpdate(doc, d.update));
  room.noteJournal(entry);
  room.definitionChanged();
  return { removedLinks: remove.length, addedLinks: add.length };
}
