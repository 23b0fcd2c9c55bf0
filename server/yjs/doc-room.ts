import * as Y from "yjs";
import * as awarenessProtocol from "y-protocols/awareness";
import type { DocName } from "../../shared/protocol/documents";
import type { SessionInfo } from "../../shared/protocol/meeting";
import type { MeetingRoom } from "../meetings/room";
import type { Store } from "../storage/store";
import { errorFields, log } from "../log";
import { changesOf, newClientsIn } from "./changes";
import { POLICIES } from "./policy";

export interface DocConnection {
  session: SessionInfo;
  send(message: Uint8Array): void;
  /** Awareness client ids this connection has announced (removed when it leaves). */
  awarenessIds: Set<number>;
  /** Times of recent refusals, to close a connection that keeps sending refused updates. */
  refusedAt: number[];
}

export type ApplyResult = { ok: true; applied: boolean } | { ok: false; reason: string };

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
  private broadcast: ((update: Uint8Array, origin: unknown) => void) | null = null;

  private constructor(
    readonly meeting: MeetingRoom,
    readonly name: DocName,
    private readonly store: Store,
    private readonly compactAfter: number,
  ) {
    // The server's own writes come from the shadow's client id; bind it so no client can claim it.
    this.awareness.setLocalState(null);
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
      let verdict: Awaited<ReturnType<DocRoom["check"]>>;
      try {
        verdict = await this.check(item.conn.session, item.update);
      } catch (err) {
        log.error("yjs", "could not check an update; refused", { meetingId: this.meeting.id, doc: this.name, ...errorFields(err) });
        verdict = { ok: false, reason: "the server could not check the change" };
      }
      if (!verdict.ok) {
        this.rebuildShadow(accepted.map((a) => a.update));
        item.resolve(verdict);
      } else if (!verdict.changed) item.resolve({ ok: true, applied: false });
      else accepted.push({ ...item, newClients: verdict.newClients });
    }
    if (!accepted.length) return;
    try {
      await this.persist(accepted.map((a) => a.update));
    } catch (err) {
      log.error("yjs", "could not store updates; refused", { meetingId: this.meeting.id, doc: this.name, count: accepted.length, ...errorFields(err) });
      this.rebuildShadow([]);
      for (const a of accepted) a.resolve({ ok: false, reason: "the server could not store the change" });
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

  private async check(
    session: SessionInfo,
    update: Uint8Array,
  ): Promise<{ ok: true; changed: boolean; newClients: number[] } | { ok: false; reason: string }> {
    let clients: number[];
    try {
      clients = newClientsIn(update, Y.decodeStateVector(Y.encodeStateVector(this.shadow)));
    } catch {
      return { ok: false, reason: "malformed update" };
    }
    for (const client of clients) {
      const owner = await this.ownerOf(client);
      const hasContent = this.shadow.store.clients.has(client);
      if (owner !== null && owner !== session.linkId) return { ok: false, reason: `client id ${client} belongs to another device` };
      if (owner === null && hasContent) return { ok: false, reason: `client id ${client} belongs to another device` };
    }
    const metaBefore = this.shadow.getMap("meta").toJSON() as Record<string, unknown>;
    const transactions: Y.Transaction[] = [];
    const collect = (tr: Y.Transaction) => transactions.push(tr);
    this.shadow.on("afterTransaction", collect);
    try {
      Y.applyUpdate(this.shadow, update, "check");
    } catch {
      return { ok: false, reason: "malformed update" };
    } finally {
      this.shadow.off("afterTransaction", collect);
    }
    if (this.shadow.store.pendingStructs !== null || this.shadow.store.pendingDs !== null)
      return { ok: false, reason: "the update depends on changes the server does not have; resync" };
    const policy = POLICIES[this.name];
    let changed = false;
    for (const tr of transactions) {
      for (const change of changesOf(this.shadow, tr)) {
        changed = true;
        const verdict = policy({ session, definition: this.meeting.definition, doc: this.shadow, metaBefore }, change);
        if (!verdict.ok) return verdict;
      }
      if (tr.deleteSet.clients.size > 0) changed = true;
    }
    if (clients.length > 0) changed = true;
    const newClients: number[] = [];
    if (changed)
      for (const client of clients) {
        if ((await this.ownerOf(client)) !== null) continue;
        newClients.push(client);
        await this.store.bindClient(this.meeting.id, this.name, client, session.linkId);
        this.owners.set(client, session.linkId);
      }
    return { ok: true, changed, newClients };
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
    if (this.updatesSinceSnapshot >= this.compactAfter) await this.compactNow();
  }

  /** Replaces the stored update log with one snapshot of the document, after queued work. */
  compact(): Promise<void> {
    return this.serial(() => this.compactNow());
  }

  /** Inside the queue only: the scratch copy then holds exactly what is stored. */
  private async compactNow(): Promise<void> {
    if (this.updatesSinceSnapshot === 0) return;
    await this.store.compactDoc(this.meeting.id, this.name, Y.encodeStateAsUpdate(this.shadow), this.lastSeq);
    this.updatesSinceSnapshot = 0;
  }

  /** A fresh scratch copy: the live document plus updates already accepted in this drain. */
  private rebuildShadow(accepted: Uint8Array[]): void {
    const fresh = new Y.Doc({ gc: true });
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
