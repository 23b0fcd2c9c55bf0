import * as Y from "yjs";
import * as awarenessProtocol from "y-protocols/awareness";
import type { DocName } from "../../shared/protocol/documents";
import type { SessionInfo } from "../../shared/protocol/meeting";
import type { MeetingRoom } from "../meetings/room";
import type { DocEntry, SharedDocLog, Store } from "../storage/store";
import { StorageFailure } from "../errors";
import { errorFields, log } from "../log";
import type { YjsRefusal } from "../../shared/protocol/documents";
import { typeRoots } from "./structure";
import type { Frame } from "./frame";
import { docClients } from "../../shared/documents/layout";
import { renewAtLoad } from "./renew";
import { checkBatch, metaJson, precheck, refused, type CheckedRoom } from "./update-check";

export { MAX_CLIENTS_PER_UPDATE, MAX_DOC_BYTES } from "./update-check";

/**
 * Redis mode: times a batch is checked again after another instance appended first (each time after
 * catching up). Past this, the batch is refused (SERVER_ERROR) and its clients resync; nothing is stored.
 */
export const MAX_APPEND_ATTEMPTS = 20;
/** A document loaded with at least this many updates after its snapshot is compacted at load. */
export const LOAD_COMPACT_TAIL = 50;

export interface DocConnection {
  session: SessionInfo;
  /** A message for this connection alone, or a broadcast frame built once for all (frame.ts). */
  send(message: Uint8Array | Frame): void;
  /** Awareness client ids this connection has announced (removed when it leaves). */
  awarenessIds: Set<number>;
  /** Times of recent refusals, to close a connection that keeps sending refused updates. */
  refusedAt: number[];
  /** Asked for YJS_MESSAGE.ACK after each stored update (`acks=1`): Concord's client does, stock providers do not know the message. */
  acks?: boolean;
}

export type ApplyResult = { ok: true; applied: boolean } | ({ ok: false; reason: string } & YjsRefusal);

const SERVER_LINK = "server";

/**
 * The origin of the live document's update for one drain: the connections whose updates it merges.
 * A lone sender already has all of it and is skipped; with several, each gets the merged frame (its
 * own part is a no-op on arrival) rather than a frame of its own.
 */
export interface BatchOrigin {
  senders: ReadonlySet<DocConnection>;
}

export const isBatchOrigin = (origin: unknown): origin is BatchOrigin =>
  typeof origin === "object" && origin !== null && "senders" in origin && (origin as BatchOrigin).senders instanceof Set;

type Item = { conn: DocConnection; update: Uint8Array; resolve: (r: ApplyResult) => void };

/**
 * One live Yjs document. Every client update is first applied to a scratch copy (`shadow`) to see
 * what it changes; only an update the policy allows is stored, then applied to the live document and
 * broadcast. A refused update never touches the live document, the store or other clients.
 */
export class DocRoom {
  /** The live document: final once load() resolves (a renewal at load replaces it before the room exists). */
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  readonly connections = new Set<DocConnection>();
  /** The scratch copy (read it through `shadow`). */
  private shadowDoc = new Y.Doc({ gc: true });
  /**
   * Loaded, not yet copied into the scratch copy: the copy is made from the live document at its first
   * use (the first check or server write), so a load applies the stored state once, not twice. Between
   * queued tasks the live document holds exactly what the scratch copy would.
   */
  private shadowBehind = false;
  private get shadow(): Y.Doc {
    if (this.shadowBehind) {
      this.shadowBehind = false;
      Y.applyUpdate(this.shadowDoc, Y.encodeStateAsUpdate(this.doc), "store");
    }
    return this.shadowDoc;
  }
  private set shadow(doc: Y.Doc) {
    this.shadowBehind = false;
    this.shadowDoc = doc;
  }
  private queue: Promise<unknown> = Promise.resolve();
  private readonly inbox: Item[] = [];
  private drainQueued = false;
  private readonly owners = new Map<number, string>();
  /** Seq of the last stored update applied to both copies: the live document and the scratch copy hold exactly the log up to it (between queued tasks). */
  private lastSeq = 0;
  /** Redis mode: the log other instances append to; null on SQLite (this process is the only writer). */
  private readonly shared: SharedDocLog | null;
  private unfollow: (() => void) | null = null;
  private updatesSinceSnapshot = 0;
  /** Stored bytes (snapshot + updates since): an upper bound of the encoded document. */
  private storedBytes = 0;
  private broadcast: ((update: Uint8Array, origin: unknown) => void) | null = null;
  /** What the check of a client update reads and binds (update-check.ts). */
  private readonly checked: CheckedRoom;

  private constructor(
    readonly meeting: MeetingRoom,
    readonly name: DocName,
    private readonly store: Store,
    private readonly compactAfter: number,
    doc: Y.Doc,
  ) {
    this.doc = doc;
    this.awareness = new awarenessProtocol.Awareness(doc);
    // The server's own writes come from the shadow's client id; bind it so no client can claim it.
    this.awareness.setLocalState(null);
    this.shared = store.docLog ?? null;
    this.checked = { meeting, name, store, shared: this.shared !== null, owners: this.owners, shadow: () => this.shadow,
      storedBytes: () => this.storedBytes, rebuildShadow: (accepted) => this.rebuildShadow(accepted) };
    typeRoots(this.doc, name);
    typeRoots(this.shadow, name);
  }

  /** `renew: false` keeps the document as stored (the bench's baseline of the load without renewal). */
  static async load(meeting: MeetingRoom, name: DocName, store: Store, compactAfter: number, opts: { renew?: boolean } = {}): Promise<DocRoom> {
    const stored = await store.loadDoc(meeting.id, name);
    const updates = stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates;
    const loaded = new Y.Doc({ gc: true });
    typeRoots(loaded, name);
    // Applied in order, one at a time: Y.mergeUpdates of a long uncompacted log grows much faster than
    // the log (20 s for 20,000 updates). The scratch copy is made from the live one's state at its
    // first use (see shadow): as large as a snapshot, not as long as the log, and not part of the load.
    for (const u of updates) Y.applyUpdate(loaded, u, "store");
    const storedBytes = updates.reduce((n, u) => n + u.length, 0);
    const renewed = opts.renew === false ? null : await renewAtLoad(meeting.id, name, store, loaded, { lastSeq: stored.lastSeq, bytes: storedBytes }, SERVER_LINK);
    const room = new DocRoom(meeting, name, store, compactAfter, renewed?.doc ?? loaded);
    room.shadowBehind = updates.length > 0;
    room.lastSeq = stored.lastSeq;
    room.updatesSinceSnapshot = renewed ? 0 : stored.updates.length;
    room.storedBytes = renewed ? renewed.bytes : storedBytes;
    if (renewed) room.owners.set(renewed.epochClient, SERVER_LINK);
    // A long tail (a crash before the compaction, or an instance that died mid-morning): compacted
    // now, so the next load reads one snapshot (a renewal already stored one). A failure only leaves
    // the log as long as it was.
    if (!renewed && stored.updates.length >= LOAD_COMPACT_TAIL)
      await room.compactNow().catch((err) => log.warn("yjs", "could not compact at load; will try again", { meetingId: meeting.id, doc: name, ...errorFields(err) }));
    await store.bindClient(meeting.id, name, room.shadowDoc.clientID, SERVER_LINK);
    room.owners.set(room.shadowDoc.clientID, SERVER_LINK);
    // Tail the log from exactly what was loaded: nothing appended since falls in a gap.
    if (room.shared) room.unfollow = room.shared.follow(meeting.id, name, room.lastSeq, (entries) => room.onRemote(entries));
    return room;
  }

  /** Entries the tailing reader saw land (other instances' and our own): applied in order, in the queue. */
  private onRemote(entries: DocEntry[]): void {
    void this.serial(() => this.applyRemote(entries)).catch((err) =>
      log.error("yjs", "could not apply other instances' updates; will catch up on the next write", { meetingId: this.meeting.id, doc: this.name, ...errorFields(err) }),
    );
  }

  private async applyRemote(entries: DocEntry[]): Promise<void> {
    // Our own appends come back too: everything up to lastSeq is already in both copies.
    const fresh = entries.filter((e) => e.seq > this.lastSeq);
    if (!fresh.length) return;
    if (fresh[0]!.seq !== this.lastSeq + 1) return this.catchUp(); // a gap (compacted away, or missed): read it whole
    this.applyStored(null, fresh);
  }

  /**
   * Inside the queue: brings both copies up to the log's end (Redis mode; no-op on SQLite). The live
   * document's update event broadcasts what was new to this instance's connections.
   */
  private async catchUp(): Promise<void> {
    if (!this.shared) return;
    const read = await this.shared.readDocAfter(this.meeting.id, this.name, this.lastSeq);
    this.applyStored(read.snapshot ? { data: read.snapshot, upto: read.upto } : null, read.entries);
  }

  /** Applies stored state to both copies, in log order (a snapshot first when entries were compacted away). */
  private applyStored(snapshot: { data: Uint8Array; upto: number } | null, entries: DocEntry[]): void {
    const updates = [...(snapshot ? [snapshot.data] : []), ...entries.map((e) => e.update)];
    if (!updates.length) return;
    const merged = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
    const serverId = this.shadow.clientID;
    Y.applyUpdate(this.doc, merged, "store");
    Y.applyUpdate(this.shadow, merged, "store");
    if (snapshot) {
      this.lastSeq = Math.max(this.lastSeq, snapshot.upto);
      this.updatesSinceSnapshot = 0;
      this.storedBytes = snapshot.data.length;
    }
    for (const e of entries) {
      this.lastSeq = e.seq;
      this.updatesSinceSnapshot++;
      this.storedBytes += e.update.length;
    }
    // Yjs gives a document a new client id when a remote update carries its own id's structs (our
    // server write stored, its reply lost): keep the server's id bound so no client can claim it.
    if (this.shadow.clientID !== serverId) {
      const id = this.shadow.clientID;
      this.owners.set(id, SERVER_LINK);
      void this.store.bindClient(this.meeting.id, this.name, id, SERVER_LINK).catch(() => undefined);
    }
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
    const early = precheck(this.name, conn.session, update, metaJson(this.name, this.doc));
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
    let caughtUp = false;
    // Client ids bound in an earlier attempt are not new in the next one, but still need naming.
    const bound = new Map<Uint8Array, number[]>();
    for (let attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt++) {
      const { decided, accepted, missingDeps } = await checkBatch(this.checked, batch);
      for (const a of accepted) a.newClients = [...new Set([...(bound.get(a.update) ?? []), ...a.newClients])];
      for (const a of accepted) bound.set(a.update, a.newClients);
      // Redis mode: the missing changes may be another instance's, not yet applied here. Catch up once and check again.
      if (missingDeps && this.shared && !caughtUp) {
        if (!(await this.tryCatchUp(batch))) return;
        caughtUp = true;
        continue;
      }
      if (!accepted.length) return decided.forEach(([item, r]) => item.resolve(r));
      let stored: boolean;
      try {
        stored = await this.persist(accepted.map((a) => a.update));
      } catch (err) {
        log.error("yjs", "could not store updates; refused", { meetingId: this.meeting.id, doc: this.name, count: accepted.length, ...errorFields(err) });
        this.rebuildShadow([]);
        decided.forEach(([item, r]) => item.resolve(r));
        for (const a of accepted) a.resolve(refused("SERVER_ERROR", "the server could not store the change"));
        return;
      }
      if (!stored) {
        // Another instance appended after the state these were checked against: catch up, check again.
        this.rebuildShadow([]);
        if (!(await this.tryCatchUp(batch))) return;
        caughtUp = true;
        continue;
      }
      // One transaction for the whole drain: the live document emits one update (the accepted ones
      // merged), which the endpoint encodes once and sends as one frame to every connection.
      const origin: BatchOrigin = { senders: new Set(accepted.map((a) => a.conn)) };
      this.doc.transact(() => {
        for (const a of accepted) Y.applyUpdate(this.doc, a.update, origin);
      }, origin);
      // Name each new client id once, so every view can say who last changed a cell
      // (the cell's Yjs item carries its client id).
      const named = accepted.filter((a) => a.newClients.length);
      if (named.length)
        await this.writeAsServer((doc) => {
          const clients = docClients(doc);
          for (const a of named) {
            const { linkId, role, unit, label } = a.conn.session;
            for (const id of a.newClients) clients.set(String(id), { linkId, role, unit, label });
          }
        }).catch((err) => log.error("yjs", "could not name new client ids", { meetingId: this.meeting.id, doc: this.name, ...errorFields(err) }));
      decided.forEach(([item, r]) => item.resolve(r));
      for (const a of accepted) a.resolve({ ok: true, applied: true });
      return;
    }
    log.warn("yjs", "other instances kept appending first; batch refused", { meetingId: this.meeting.id, doc: this.name, count: batch.length });
    for (const item of batch) item.resolve(refused("SERVER_ERROR", "the server is busy; resync and try again"));
  }

  /** Catches up; on a storage failure refuses the whole batch (nothing stored) and says so. */
  private async tryCatchUp(batch: Item[]): Promise<boolean> {
    try {
      await this.catchUp();
      return true;
    } catch (err) {
      log.error("yjs", "could not read other instances' updates; refused", { meetingId: this.meeting.id, doc: this.name, ...errorFields(err) });
      this.rebuildShadow([]);
      for (const item of batch) item.resolve(refused("SERVER_ERROR", "the server could not store the change"));
      return false;
    }
  }

  /** A change made by the server itself (stage, lock, freeze): stored, then applied and broadcast. */
  serverTransact(fn: (doc: Y.Doc) => void): Promise<void> {
    return this.serial(() => this.writeAsServer(fn));
  }

  /**
   * The server's own write decides on the latest state (a lock reads every layer): in Redis mode it
   * catches up first, and if another instance still appends in between, it runs `fn` again on the
   * newer state. `fn` may therefore run more than once; only its last run is stored.
   */
  private async writeAsServer(fn: (doc: Y.Doc) => void): Promise<void> {
    await this.catchUp();
    for (let attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt++) {
      const before = Y.encodeStateVector(this.shadow);
      this.shadow.transact(() => fn(this.shadow), "server");
      const update = Y.encodeStateAsUpdate(this.shadow, before);
      let stored: boolean;
      try {
        stored = await this.persist([update]);
      } catch (err) {
        this.rebuildShadow([]);
        throw err;
      }
      if (stored) {
        Y.applyUpdate(this.doc, update, "server");
        return;
      }
      this.rebuildShadow([]);
      await this.catchUp();
    }
    throw new StorageFailure(`the ${this.name} document: other instances kept appending first`);
  }

  /**
   * Stores updates checked against the state at lastSeq. Redis mode: only if the log still ends at
   * lastSeq (one script); false when another instance appended first. Throws when the store fails.
   */
  private async persist(updates: Uint8Array[]): Promise<boolean> {
    if (this.shared) {
      const seq = await this.shared.appendDocUpdatesAfter(this.meeting.id, this.name, this.lastSeq, updates);
      if (seq === null) return false;
      this.lastSeq = seq;
    } else this.lastSeq = await this.store.appendDocUpdates(this.meeting.id, this.name, updates);
    this.updatesSinceSnapshot += updates.length;
    for (const u of updates) this.storedBytes += u.length;
    if (this.updatesSinceSnapshot >= this.compactAfter) {
      // The updates are stored: a failed compaction must not turn them into a refusal (the log just stays longer).
      try {
        await this.compactNow();
      } catch (err) {
        log.warn("yjs", "could not compact; will try again", { meetingId: this.meeting.id, doc: this.name, ...errorFields(err) });
      }
    }
    return true;
  }

  /** Replaces the stored update log with one snapshot of the document, after queued work. */
  compact(): Promise<void> {
    return this.serial(() => this.compactNow());
  }

  /** Inside the queue only: the scratch copy then holds exactly what is stored. */
  private async compactNow(): Promise<void> {
    if (this.updatesSinceSnapshot === 0) return;
    // Not yet copied after a load (a crash's long tail compacted at load): the live document holds the same.
    const snapshot = Y.encodeStateAsUpdate(this.shadowBehind ? this.doc : this.shadow);
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
    this.unfollow?.();
    this.unfollow = null;
    await this.compact();
    this.awareness.destroy();
    this.doc.destroy();
    this.shadowDoc.destroy();
    this.broadcast = null;
  }
}
