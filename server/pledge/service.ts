import * as Y from "yjs";
import { pledgeDraftSchema, type PledgeDraft } from "../../shared/definition/schema";
import { draftJson, draftSections, frozenHash, pledgeProposals, pledgeVote, sectionCommitments, setPledgeFrozen, setPledgeVote } from "../../shared/documents/layout";
import type { JournalEntry } from "../../shared/journal/chain";
import type { JournalEvent } from "../../shared/journal/entries";
import { canonicalPledgeText, pledgeHash } from "../../shared/pledge/canonical";
import { draftFromJson } from "../../shared/pledge/from-json";
import { ERROR_CODES } from "../../shared/protocol/errors";
import { EVENTS } from "../../shared/protocol/events";
import type { SessionInfo } from "../../shared/protocol/meeting";
import type { PledgeProposal, PledgeState } from "../../shared/protocol/pledge";
import { sha256Hex } from "../../shared/util/hash";
import type { ServerContext } from "../context";
import { errorFields, log } from "../log";
import type { MeetingEventMap } from "../meetings/events";
import { actorOf, type MeetingRoom } from "../meetings/room";
import { DomainError } from "../errors";
import { meetingChannel } from "../realtime/context";
import type { PledgeChange, PledgeRecord, PledgeView, SignatureRecord } from "../storage/pledge";
import type { JournalInput } from "../storage/store";
import { signDecision, type SignInput, type SignOrigin, type SignResult } from "./signing";
import { pledgeStateOf } from "./view";

const conflict = (message: string) => new DomainError(ERROR_CODES.CONFLICT, message);

/**
 * The pledge of every meeting: adoption, freeze, proposals, signing, unfreeze. Work on one meeting's
 * pledge is serialised in this process (one promise chain per meeting), and each step is a decision
 * the store runs and stores with its journal entries atomically (Store.updatePledge), so another
 * instance on the same Redis cannot slip a write between a check and its write either.
 */
export class PledgeService {
  private readonly chains = new Map<string, Promise<unknown>>();

  constructor(private readonly ctx: ServerContext) {
    ctx.events.on("poll.changed", (e) => {
      if (e.subject !== "pledge") return;
      this.onAdoptionVote(e).catch((err) => log.error("pledge", "could not lock or unlock the draft for a vote", { meetingId: e.meetingId, pollId: e.pollId, ...errorFields(err) }));
    });
    ctx.events.on("poll.published", (e) => {
      this.onPollPublished(e).catch((err) => log.error("pledge", "could not apply a published poll", { meetingId: e.meetingId, pollId: e.pollId, ...errorFields(err) }));
    });
  }

  async state(room: MeetingRoom): Promise<PledgeState> {
    const [rec, signatures] = await Promise.all([this.record(room.id), this.signatures(room.id)]);
    return pledgeStateOf(room.id, room.definition, rec, signatures);
  }

  /** The pledge's record as stored. */
  record(meetingId: string): Promise<PledgeRecord> {
    return this.ctx.store.getPledge(meetingId);
  }

  /** Live signatures, in signing order. */
  signatures(meetingId: string): Promise<SignatureRecord[]> {
    return this.ctx.store.listPledgeSignatures(meetingId);
  }

  /** The draft as it stands in the Yjs document now. */
  async currentDraft(room: MeetingRoom): Promise<PledgeDraft> {
    const doc = (await this.ctx.yjs.docRoom(room, "pledge")).doc;
    return draftFromJson(draftJson(doc));
  }

  /** drafting → adopted, by the chair (when the rules allow) or by a published poll. */
  adopt(room: MeetingRoom, actor: string, by: "chair" | "poll", pollId?: string): Promise<PledgeState> {
    return this.serial(room.id, async () => {
      if ((await this.record(room.id)).stage !== "drafting") throw conflict("Giao ước đã được thông qua rồi. (The pledge is already adopted.)");
      const draftHash = pledgeHash(await this.currentDraft(room));
      return this.commit(room, actor, (rec) => {
        if (rec.stage !== "drafting") throw conflict("Giao ước đã được thông qua rồi. (The pledge is already adopted.)");
        return { ...rec, stage: "adopted", adoptedBy: by, adoptedAt: Date.now() };
      }, { type: "pledge.adopted", data: { by, pollId, draftHash } });
    });
  }

  /** adopted → frozen: the canonical text and its hash are fixed, and the Yjs document becomes read-only. */
  freeze(room: MeetingRoom, session: SessionInfo): Promise<PledgeState> {
    return this.serial(room.id, async () => {
      if ((await this.record(room.id)).stage !== "adopted") throw conflict("Chỉ chốt được giao ước đã thông qua. (Only an adopted pledge can be frozen.)");
      const docRoom = await this.ctx.yjs.docRoom(room, "pledge");
      let frozen: PledgeDraft | null = null;
      // Read, check and freeze in one server transaction: no edit can slip in between. A refusal
      // thrown here comes before any change, so nothing is stored.
      await docRoom.serverTransact((doc) => {
        const draft = draftFromJson(draftJson(doc));
        const parsed = pledgeDraftSchema.safeParse(draft);
        if (!parsed.success)
          throw conflict(`Chưa chốt được dự thảo: nội dung vượt giới hạn của hội nghị. (The draft cannot be frozen: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}.)`);
        frozen = draft;
        setPledgeFrozen(doc, true, pledgeHash(frozen));
      });
      if (!frozen) throw new Error("the freeze read no draft");
      const text = canonicalPledgeText(frozen);
      const textHash = sha256Hex(text);
      try {
        return await this.commit(
          room,
          actorOf(session),
          (rec) => {
            if (rec.stage !== "adopted") throw conflict("Chỉ chốt được giao ước đã thông qua. (Only an adopted pledge can be frozen.)");
            return { ...rec, stage: "frozen", draft: frozen, text, textHash, frozenAt: Date.now(), finalAt: null };
          },
          { type: "pledge.frozen", data: { textHash } },
        );
      } catch (err) {
        await this.setDocFrozen(room, false);
        throw err;
      }
    });
  }

  /** frozen or final → drafting, with a reason: every signature is voided; the text can be edited again. */
  unfreeze(room: MeetingRoom, session: SessionInfo, reason: string): Promise<PledgeState> {
    return this.serial(room.id, async () => {
      const rec = await this.record(room.id);
      if (rec.stage !== "frozen" && rec.stage !== "final") throw conflict("Giao ước chưa được chốt. (The pledge is not frozen.)");
      await this.setDocFrozen(room, false);
      const now = Date.now();
      const { entries } = await this.ctx.store.updatePledge(room.id, ({ record: r, signatures }): PledgeChange<null> => {
        if (r.stage !== "frozen" && r.stage !== "final") throw conflict("Giao ước chưa được chốt. (The pledge is not frozen.)");
        const voided = signatures.filter((s) => s.voidedAt === null).map((s) => s.unit);
        return {
          result: null,
          voidAll: { reason, at: now },
          record: { ...r, stage: "drafting", adoptedBy: null, adoptedAt: null, draft: null, text: null, textHash: null, frozenAt: null, finalAt: null },
          journal: [{ actor: actorOf(session), type: "pledge.unfrozen", data: { reason, textHash: r.textHash, voided } }],
        };
      });
      return this.announce(room, entries);
    });
  }

  /** The chair accepts (applies to the commitment) or rejects a delegate's proposal; either way it is removed. */
  decideProposal(room: MeetingRoom, session: SessionInfo, key: string, accept: boolean): Promise<PledgeState> {
    return this.serial(room.id, async () => {
      const frozenNow = (r: PledgeRecord) => r.stage === "frozen" || r.stage === "final";
      if (frozenNow(await this.record(room.id))) throw conflict("Giao ước đã chốt; hãy mở chốt trước. (The pledge is frozen; unfreeze it first.)");
      const docRoom = await this.ctx.yjs.docRoom(room, "pledge");
      // Accepting a proposal edits the draft (a server write, which the Yjs policy does not see).
      if (accept && pledgeVote(docRoom.doc) !== null)
        throw conflict("Đang biểu quyết thông qua giao ước: dự thảo chỉ được đọc, chưa chấp nhận đề xuất được. (The adoption vote is running: the draft is read-only.)");
      const proposal = readProposal(docRoom.doc, key);
      if (!proposal) throw new DomainError(ERROR_CODES.NOT_FOUND, `Không có đề xuất này (có thể đã được rút hoặc đã quyết định). (No proposal ${key}.)`);
      const commitments = commitmentsOf(docRoom.doc, proposal.section);
      if (accept && (!commitments || proposal.index > commitments.length))
        throw conflict(`Đề xuất nhắm tới nội dung ${proposal.index + 1} của mục ${proposal.section + 1}, nội dung này không còn. (Proposal ${key} names commitment ${proposal.index + 1} of section ${proposal.section + 1}, which does not exist.)`);
      await docRoom.serverTransact((doc) => {
        if (!readProposal(doc, key)) return; // withdrawn meanwhile
        const target = commitmentsOf(doc, proposal.section);
        if (accept && target) {
          const text = proposal.text.normalize("NFC");
          if (proposal.index === target.length) target.push([new Y.Text(text)]);
          else {
            const t = target.get(proposal.index);
            t.delete(0, t.length);
            t.insert(0, text);
          }
        }
        pledgeProposals(doc).delete(key);
      });
      const data = { key, unit: key.split(":")[0]!, ...proposal };
      // The stage is not re-checked here: the document change above is made, and the journal must record it.
      return this.commit(room, actorOf(session), (rec) => rec, accept ? { type: "pledge.proposal.accepted", data } : { type: "pledge.proposal.rejected", data });
    });
  }

  sign(room: MeetingRoom, session: SessionInfo, input: SignInput, origin: SignOrigin): Promise<SignResult> {
    return this.serial(room.id, async () => {
      const { result, entries } = await this.ctx.store.updatePledge(room.id, signDecision(room, session, input, origin));
      if (entries.length) await this.announce(room, entries);
      return result;
    });
  }

  /**
   * An adoption vote runs from its opening until it is published or voided: meanwhile the draft is
   * the text being voted on, so meta.vote names the poll and the Yjs policy refuses draft edits.
   */
  private async onAdoptionVote(e: MeetingEventMap["poll.changed"]): Promise<void> {
    const room = await this.ctx.registry.get(e.meetingId);
    if (!room) return;
    const running = e.state === "open" || e.state === "closed";
    await this.serial(room.id, async () => {
      const docRoom = await this.ctx.yjs.docRoom(room, "pledge");
      await docRoom.serverTransact((doc) => {
        if (running) setPledgeVote(doc, e.pollId);
        else if (pledgeVote(doc) === e.pollId) setPledgeVote(doc, null);
      });
    });
  }

  private async onPollPublished(e: MeetingEventMap["poll.published"]): Promise<void> {
    const room = await this.ctx.registry.get(e.meetingId);
    if (!room) return;
    if (e.subject === "pledge" && e.outcome === "adopted") {
      try {
        await this.adopt(room, `poll:${e.pollId}`, "poll", e.pollId);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        log.info("pledge", "adoption poll ignored", { meetingId: room.id, pollId: e.pollId, reason: err.message });
      }
      return;
    }
    if ((e.subject === "head" || e.subject === "deputy") && e.outcome === "elected" && e.elected) {
      const unit = e.elected;
      if (!room.definition.units.some((u) => u.code === unit)) return;
      await this.serial(room.id, async () => {
        await this.ctx.store.updatePledge(room.id, ({ record: rec }) => ({
          result: null,
          record: e.subject === "head" ? { ...rec, headUnit: unit } : { ...rec, deputyUnit: unit },
        }));
        await this.broadcast(room);
      });
    }
  }

  private async setDocFrozen(room: MeetingRoom, frozen: boolean): Promise<void> {
    const docRoom = await this.ctx.yjs.docRoom(room, "pledge");
    await docRoom.serverTransact((doc) => {
      setPledgeFrozen(doc, frozen, frozenHash(doc));
    });
  }

  /** Stores the next record and its journal entry atomically, then tells the room and the meeting. */
  private async commit(room: MeetingRoom, actor: string, next: (rec: PledgeRecord) => PledgeRecord, event: JournalEvent): Promise<PledgeState> {
    const journal: JournalInput = { actor, ...event };
    const { entries } = await this.ctx.store.updatePledge(room.id, ({ record }: PledgeView) => ({ result: null, record: next(record), journal: [journal] }));
    return this.announce(room, entries);
  }

  private announce(room: MeetingRoom, entries: JournalEntry[]): Promise<PledgeState> {
    for (const e of entries) room.noteJournal(e);
    return this.broadcast(room);
  }

  private async broadcast(room: MeetingRoom): Promise<PledgeState> {
    const state = await this.state(room);
    this.ctx.io.to(meetingChannel(room.id)).emit(EVENTS.PLEDGE_STATE, state);
    return state;
  }

  private serial<T>(meetingId: string, task: () => Promise<T>): Promise<T> {
    const run = (this.chains.get(meetingId) ?? Promise.resolve()).then(task, task);
    this.chains.set(meetingId, run.catch(() => undefined));
    return run;
  }
}

function readProposal(doc: Y.Doc, key: string): PledgeProposal | null {
  const v = pledgeProposals(doc).get(key) as Partial<PledgeProposal> | undefined;
  if (!v || typeof v.text !== "string" || !Number.isInteger(v.section) || !Number.isInteger(v.index)) return null;
  return { section: v.section!, index: v.index!, text: v.text };
}

function commitmentsOf(doc: Y.Doc, section: number): Y.Array<Y.Text> | null {
  const sections = draftSections(doc);
  if (!sections || section < 0 || section >= sections.length) return null;
  return sectionCommitments(sections.get(section));
}

const services = new WeakMap<ServerContext, PledgeService>();

/** The one pledge service of a running server (created with the domain's routes, before any poll). */
export function pledgeService(ctx: ServerContext): PledgeService {
  let s = services.get(ctx);
  if (!s) {
    s = new PledgeService(ctx);
    services.set(ctx, s);
  }
  return s;
}
