import * as Y from "yjs";
import * as awarenessProtocol from "y-protocols/awareness";
import type { DocName } from "../../shared/protocol/documents";
import type { SessionInfo } from "../../shared/protocol/meeting";
import type { MeetingRoom } from "../meetings/room";
import type { Store } from "../storage/store";
import { errorFields, log } from "../log";
import { isReadOnly } from "../../shared/protocol/roles";
import type { YjsRefusal } from "../../shared/protocol/documents";
import { changesOf, hasContentFrom, newClientsIn, structClientCount } from "./changes";
import { POLICIES } from "./policy";
import { typeRoots } from "./structure";

/** Clients one update may carry structs for: a device writes with one id (a few after a resync). */
export const MAX_CLIENTS_PER_UPDATE = 4;
/** A document never grows beyond this (encoded state); the update that would is refused. */
export const MAX_DOC_BYTES = 1_000_000;

export interface DocConnection {
  session: SessionInfo;
  send(message: Uint8Array): void;
  /** Awareness client ids this connection has announced (removed when it leaves). */
  awarenessIds: Set<number>;
  /** Times of recent refusals, to close a connection that keeps sending refused updates. */
  refusedAt: number[];
}

export type ApplyResult = { ok: true; applied: boolean } | ({ ok: false; reason: string } & YjsRefusal);

type Refused = { ok: false; reason: string } & YjsRefusal;
const refused = (code: YjsRefusal["code"], detail: string): Refused => ({ ok: false, code, detail, reason: detail });
type Verdict = { ok: true; changed: boolean; newClients: number[] } | (Refused & { dirty: boolean });

const SERVER_LINK = "server";

/**
 * One live Yjs document. Every client update is first applied to a scratch copy (`shadow`) to see
 * what it changes; only an update the policy allows is stored, then applied to the live document and
 * broadcast. A refused update never touches the live document, the store or other clients.
 */
export class DocRoom {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly connections = new Set<DocConnection>();
  private shadow = new Y.Doc({ gc: true });
  private queue: Promise<unknown> = Promise.resolve();
  private readonly inbox: { conn: DocConnection; update: Uint8Array; resolve: (r: ApplyResult) => void }[] = [];
  private drainQueued = false;
  private readonly owners = new Map<number, string>();
  private lastSeq = 0;
  private updatesSinceSnapshot = 0;
  /** Stored bytes (snapshot + updates since): an upper bound of the encoded document. */
  private storedBytes = 0;
  private broadcast: ((update: Uint8Array, origin: unknown) => void) | null = null;

  private constructor(
    readonly meeting: MeetingRoom,
    readonly name: DocName,
    private readonly store: Store,
    private readonly compactAfter: number,
  ) {
    // The server's own writes come from the shadow's client id; bind it so no client can claim it.
    this.awareness.setLocalState(null);
    typeRoots(this.doc, name);
    typeRoots(this.shadow, name);
  }

  static async load(meeting: MeetingRoom, name: DocName, store: Store, compactAfter: number): Promise<DocRoom> {
    const room = new DocRoom(meeting, name, store, compactAfter);
    const stored = await store.loadDoc(meeting.id, name);
    const updates = stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates;
    if (updates.length) {
      const merged = Y.mergeUpdates(updates);
      Y.applyUpdate(room.doc, merged, "store");
      Y.applyUpdate(room.shadow, merged, "store");
    }
    room.lastSeq = stored.lastSeq;
    room.updatesSinceSnapshot = stored.updates.length;
    room.storedBytes = updates.reduce((n, u) => n + u.length, 0);
    await store.bindClient(meeting.id, name, room.shadow.clientID, SERVER_LINK);
    room.owners.set(room.shadow.clientID, SERVER_LINK);
    return room;
  }

  /** Called with every update applied to the live document, to send it to the connections. */
  onBroadcast(fn: (update: Uint8Array, origin: unknown) => void): void {
    this.broadcast = fn;
    this.doc.on("update", (update: Uint8Array, origin: unknown) => fn(update, origin));
  }

  /** Serialises work on this document: shadow, store and live copy always move together. */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Checks, stores, applies and broadcasts one update from a client. Updates that arrive while the
   * document is busy are handled together (drain): each is checked in order, the accepted ones are
   * stored in one transaction (one disk flush), then applied and broadcast in order.
   */
  applyClientUpdate(conn: DocConnection, update: Uint8Array): Promise<ApplyResult> {
    // Refusals that need no document work are decided here, before the queue and any store call.
    const early = this.precheck(conn.session, update, this.doc.getMap("meta").toJSON() as Record<string, unknown>);
    if (early) return Promise.resolve(early);
    return new Promise((resolve) => {
      this.inbox.push({ conn, update, resolve });
      if (this.drainQueued) return;
      this.drainQueued = true;
      void this.serial(() => this.drain());
    });
  }

  private async drain(): Promise<void> {
    this.drainQueued = false;
    const batch = this.inbox.splice(0);
    const accepted: { conn: DocConnection; update: Uint8Array; resolve: (r: ApplyResult) => void; newClients: number[] }[] = [];
    for (const item of batch) {
      let verdict: Verdict;
      try {
        verdict = await this.check(item.conn.session, item.update);
      } catch (err) {
        log.error("yjs", "could not check an update; refused", { meetingId: this.meeting.id, doc: this.name, ...errorFields(err) });
        verdict = { ...refused("SERVER_ERROR", "the server could not check the change"), dirty: true };
      }
      if (!verdict.ok) {
        if (verdict.dirty) this.rebuildShadow(accepted.map((a) => a.update));
        const { dirty: _dirty, ...refusal } = verdict;
        item.resolve(refusal);
      } else if (!verdict.changed) item.resolve({ ok: true, applied: false });
      else accepted.push({ ...item, newClients: verdict.newClients });
    }
    if (!accepted.length) return;
    try {
      await this.persist(accepted.map((a) => a.update));
    } catch (err) {
      log.error("yjs", "could not store updates; refused", { meetingId: this.meeting.id, doc: this.name, count: accepted.length, ...errorFields(err) });
      this.rebuildShadow([]);
      for (const a of accepted) a.resolve(refused("SERVER_ERROR", "the server could not store the change"));
      return;
    }
    for (const a of accepted) Y.applyUpdate(this.doc, a.update, a.conn);
    // Name each new client id once, so every view can say who last changed a cell
    // (the cell's Yjs item carries its client id).
    const named = accepted.filter((a) => a.newClients.length);
    if (named.length)
      await this.writeAsServer((doc) => {
        const clients = doc.getMap<unknown>("clients");
        for (const a of named) {
          const { linkId, role, unit, label } = a.conn.session;
          for (const id of a.newClients) clients.set(String(id), { linkId, role, unit, label });
        }
      });
    for (const a of accepted) a.resolve({ ok: true, applied: true });
  }

  /** A change made by the server itself (stage, lock, freeze): stored, then applied and broadcast. */
  serverTransact(fn: (doc: Y.Doc) => void): Promise<void> {
    return this.serial(() => this.writeAsServer(fn));
  }

  private async writeAsServer(fn: (doc: Y.Doc) => void): Promise<void> {
    {
      const before = Y.encodeStateVector(this.shadow);
      this.shadow.transact(() => fn(this.shadow), "server");
      const update = Y.encodeStateAsUpdate(this.shadow, before);
      try {
        await this.persist([update]);
      } catch (err) {
        this.rebuildShadow([]);
        throw err;
      }
      Y.applyUpdate(this.doc, update, "server");
    }
  }

  /**
   * What can be refused from the update's first number and the role alone: too many clients, and any
   * struct from a role that writes nothing or into a locked / frozen document. Null: check it fully.
   */
  private precheck(session: SessionInfo, update: Uint8Array, meta: Record<string, unknown>): Refused | null {
    let structClients: number;
    try {
      structClients = structClientCount(update);
    } catch {
      return refused("MALFORMED", "malformed update");
    }
    if (structClients > MAX_CLIENTS_PER_UPDATE)
      return refused("TOO_MANY_CLIENTS", `an update carries structs of at most ${MAX_CLIENTS_PER_UPDATE} client ids (this one: ${structClients})`);
    if (structClients === 0) return null; // maybe only deletions: decided after applying to the scratch copy
    return this.closedFor(session, meta);
  }

  /** Why this session may add nothing to the document now (its role, the lock, the freeze), or null. */
  private closedFor(session: SessionInfo, meta: Record<string, unknown>): Refused | null {
    if (isReadOnly(session.role)) return refused("READ_ONLY", `the ${session.role === "screen" ? "big screen" : "follow link"} writes nothing`);
    if (this.name === "scores" && meta.stage === "locked") return refused("LOCKED", "the score table is locked");
    if (this.name === "pledge" && meta.frozen === true) return refused("FROZEN", "the pledge is frozen");
    return null;
  }

  /**
   * Every update that adds anything — structs of any kind, new client ids, deletions — goes through
   * the role's policy: an update whose structs carry no content is refused, and a client id is bound
   * to the sending link only when its update made an allowed change.
   */
  private async check(session: SessionInfo, update: Uint8Array): Promise<Verdict> {
    const clean = (r: Refused) => ({ ...r, dirty: false });
    const dirty = (r: Refused) => ({ ...r, dirty: true });
    const metaBefore = this.shadow.getMap("meta").toJSON() as Record<string, unknown>;
    const early = this.precheck(session, update, metaBefore);
    if (early) return clean(early);
    const known = Y.decodeStateVector(Y.encodeStateVector(this.shadow));
    let clients: number[];
    try {
      clients = newClientsIn(update, known);
    } catch {
      return clean(refused("MALFORMED", "malformed update"));
    }
    // At most MAX_CLIENTS_PER_UPDATE lookups (precheck bounded them).
    for (const client of clients) {
      const owner = await this.ownerOf(client);
      const hasContent = this.shadow.store.clients.has(client);
      if ((owner !== null && owner !== session.linkId) || (owner === null && hasContent))
        return clean(refused("FOREIGN_CLIENT", `client id ${client} belongs to another device`));
    }
    const transactions: Y.Transaction[] = [];
    const collect = (tr: Y.Transaction) => transactions.push(tr);
    this.shadow.on("afterTransaction", collect);
    try {
      Y.applyUpdate(this.shadow, update, "check");
    } catch {
      return dirty(refused("MALFORMED", "malformed update"));
    } finally {
      this.shadow.off("afterTransaction", collect);
    }
    if (this.shadow.store.pendingStructs !== null || this.shadow.store.pendingDs !== null)
      return dirty(refused("MISSING_DEPS", "the update depends on changes the server does not have; resync"));
    const changes = transactions.flatMap((tr) => changesOf(this.shadow, tr));
    const deletes = transactions.some((tr) => tr.deleteSet.clients.size > 0);
    const grown = clients.filter((c) => (this.shadow.store.clients.has(c) ? Y.getState(this.shadow.store, c) : 0) > (known.get(c) ?? 0));
    if (!changes.length && !deletes && !grown.length) {
      // Nothing added (a sync step 2 with what the server has). Skip structs may still sit in the meta: no harm.
      return { ok: true, changed: false, newClients: [] };
    }
    const closed = this.closedFor(session, metaBefore);
    if (closed) return dirty(closed);
    const policy = POLICIES[this.name];
    for (const change of changes) {
      const verdict = policy({ session, definition: this.meeting.definition, doc: this.shadow, metaBefore }, change);
      if (!verdict.ok) return dirty(refused(verdict.code, verdict.reason));
    }
    // Content-less structs (GC) alone are no change. Beside an allowed change they are kept (an offline
    // device that typed into a commitment and then deleted it sends GC), but only ids with content are bound.
    const withContent = grown.filter((client) => hasContentFrom(this.shadow, client, known.get(client) ?? 0));
    if (!changes.length && !deletes)
      return dirty(refused("NO_CONTENT", `client id ${grown[0]}: structs without content (GC or skip) are not a change`));
    if (this.storedBytes + update.length > MAX_DOC_BYTES) {
      const size = Y.encodeStateAsUpdate(this.shadow).length;
      if (size > MAX_DOC_BYTES) return dirty(refused("DOC_TOO_LARGE", `the ${this.name} document would be ${size} bytes (limit ${MAX_DOC_BYTES})`));
    }
    const newClients: number[] = [];
    for (const client of withContent) {
      if ((await this.ownerOf(client)) !== null) continue;
      newClients.push(client);
      await this.store.bindClient(this.meeting.id, this.name, client, session.linkId);
      this.owners.set(client, session.linkId);
    }
    return { ok: true, changed: true, newClients };
  }

  /** Which link a Yjs client id is bound to; bindings never change, so they are cached. */
  private async ownerOf(client: number): Promise<string | null> {
    const cached = this.owners.get(client);
    if (cached !== undefined) return cached;
    const owner = await this.store.clientBinding(this.meeting.id, this.name, client);
    if (owner !== null) this.owners.set(client, owner);
    return owner;
  }

  private async persist(updates: Uint8Array[]): Promise<void> {
    this.lastSeq = await this.store.appendDocUpdates(this.meeting.id, this.name, updates);
    this.updatesSinceSnapshot += updates.length;
    for (const u of updates) this.storedBytes += u.length;
    if (this.updatesSinceSnapshot >= this.compactAfter) await this.compactNow();
  }

  /** Replaces the stored update log with one snapshot of the document, after queued work. */
  compact(): Promise<void> {
    return this.serial(() => this.compactNow());
  }

  /** Inside the queue only: the scratch copy then holds exactly what is stored. */
  private async compactNow(): Promise<void> {
    if (this.updatesSinceSnapshot === 0) return;
    const snapshot = Y.encodeStateAsUpdate(this.shadow);
    await this.store.compactDoc(this.meeting.id, this.name, snapshot, this.lastSeq);
    this.updatesSinceSnapshot = 0;
    this.storedBytes = snapshot.length;
  }

  /** A fresh scratch copy: the live document plus updates already accepted in this drain. */
  private rebuildShadow(accepted: Uint8Array[]): void {
    const fresh = new Y.Doc({ gc: true });
    typeRoots(fresh, this.name);
    Y.applyUpdate(fresh, Y.encodeStateAsUpdate(this.doc), "store");
    for (const u of accepted) Y.applyUpdate(fresh, u, "store");
    // Keep the server's client id (bound to "server"), set only after loading: a doc that receives
    // its own id's structs from outside takes a new random id, which no binding would name.
    fresh.clientID = this.shadow.clientID;
    this.shadow.destroy();
    this.shadow = fresh;
  }

  /** Waits for queued work, stores a snapshot and releases memory. */
  async unload(): Promise<void> {
    await this.compact();
    this.awareness.destroy();
    this.doc.destroy();
    this.shadow.destroy();
    this.broadcast = null;
  }
}
