import type http from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import * as syncProtocol from "y-protocols/sync";
import * as awarenessProtocol from "y-protocols/awareness";
import * as authProtocol from "y-protocols/auth";
import * as Y from "yjs";
import { formatYjsRefusal, isDocName, YJS_WHOLE_UPDATE, type DocName, type YjsRefusal } from "../../shared/protocol/documents";
import { YJS_MESSAGE } from "../../shared/protocol/yjs-messages";
import { CLOSE_CODES } from "../../shared/protocol/errors";
import { isReadOnly } from "../../shared/protocol/roles";
import type { MeetingRegistry } from "../meetings/registry";
import type { MeetingRoom } from "../meetings/room";
import type { Store } from "../storage/store";
import { errorFields, log } from "../log";
import { DocRoom, type DocConnection } from "./doc-room";
import { relayAwareness, relayUpdates } from "./fanout";
import { Frame } from "./frame";
import { ConnectionBudget, MAX_MESSAGE_BYTES, type YjsMessageKind } from "./budget";
import { sanitizeAwareness } from "./awareness";
import { archivedNow } from "../admin/archive";
import { docEpoch, NO_EPOCH } from "../../shared/documents/layout";

/** An update that adds nothing (no structs, no deletions): what an in-sync client's sync step 2 carries. */
const isEmptyUpdate = (u: Uint8Array) => u.length === 2 && u[0] === 0 && u[1] === 0;

const { SYNC: MESSAGE_SYNC, AWARENESS: MESSAGE_AWARENESS, AUTH: MESSAGE_AUTH, QUERY_AWARENESS: MESSAGE_QUERY_AWARENESS, ACK: MESSAGE_ACK } = YJS_MESSAGE;

/**
 * The acknowledgement of a stored update: per client id, the clock the update ends at (the server
 * holds everything before it too, or the update would have been refused as MISSING_DEPS).
 */
export function ackMessage(update: Uint8Array): Uint8Array {
  return encoding.encode((e) => {
    encoding.writeVarUint(e, MESSAGE_ACK);
    encoding.writeVarUint8Array(e, Y.encodeStateVector(Y.parseUpdateMeta(update).to));
  });
}

/** A connection whose updates are refused this often is closed: each refusal rebuilds the scratch copy. */
export const MAX_REFUSALS = 20;
export const REFUSAL_WINDOW_MS = 10_000;

/**
 * A subscriber with more than this many bytes written but not yet taken by its socket is cut
 * (CLOSE_CODES.SLOW_CONSUMER) instead of buffered for: a document is at most MAX_DOC_BYTES, so
 * resyncing costs less than keeping a backlog that only grows.
 */
export const SLOW_CONSUMER_BYTES = 1_000_000;
/** A cut subscriber's socket is destroyed if its close has not gone through by then. */
export const SLOW_CONSUMER_GRACE_MS = 5_000;

export const YJS_PATH = /^\/yjs\/([A-Za-z0-9_-]{6,40})\/([a-z]+)$/;

/**
 * The y-websocket endpoint at /yjs/<meetingId>/<doc>?token=…. Authenticates at upgrade, then
 * checks every update against the connection's role (DocRoom). Documents load once (shared
 * promise) and unload after their last connection leaves and they are stored.
 */
export class YjsEndpoint {
  private readonly wss: WebSocketServer;
  private readonly rooms = new Map<string, Promise<DocRoom>>();
  private readonly sockets = new Map<WebSocket, { conn: DocConnection; key: string; tokenHash: string }>();
  /** Run on every loaded document before anyone sees it (domains reconcile server-owned keys). */
  private readonly loadHooks: Array<(meeting: MeetingRoom, doc: DocRoom) => Promise<void>> = [];

  constructor(
    private readonly registry: MeetingRegistry,
    private readonly store: Store,
    private readonly opts: { maxPayloadBytes: number; compactAfter: number; slowConsumerBytes?: number },
  ) {
    // No message kind may be larger than an update (budget.ts); ws refuses a bigger frame from its header.
    this.wss = new WebSocketServer({ noServer: true, maxPayload: Math.min(opts.maxPayloadBytes, MAX_MESSAGE_BYTES.update + 64) });
    registry.onLinkChanged((meetingId, link) => {
      for (const [ws, s] of this.sockets)
        if (s.conn.session.meetingId === meetingId && s.conn.session.linkId === link.linkId && (link.revokedAt !== null || s.tokenHash !== link.tokenHash))
          ws.close(CLOSE_CODES.REVOKED, "link revoked");
    });
  }

  private get slowConsumerBytes(): number {
    return this.opts.slowConsumerBytes ?? SLOW_CONSUMER_BYTES;
  }

  /** Connections' switches that stop all further sends once they are cut for being slow. */
  private readonly cutConnections = new WeakMap<DocConnection, () => void>();

  /**
   * Cuts a subscriber that stopped reading: out of the room at once (no more frames, no more memory),
   * a close frame queued behind what it has not read, and the socket destroyed if it still has not
   * read its way to the close after SLOW_CONSUMER_GRACE_MS.
   */
  private cutSlow(ws: WebSocket, conn: DocConnection, key: string): void {
    this.cutConnections.get(conn)?.();
    log.warn("yjs", "slow consumer cut; it resyncs on reconnect", { key, role: conn.session.role, unit: conn.session.unit, buffered: ws.bufferedAmount });
    const entry = this.sockets.get(ws);
    if (entry) void this.rooms.get(entry.key)?.then((room) => room.connections.delete(conn)).catch(() => undefined);
    ws.close(CLOSE_CODES.SLOW_CONSUMER, "too slow; resync");
    setTimeout(() => ws.terminate(), SLOW_CONSUMER_GRACE_MS).unref();
  }

  /** Handles an upgrade whose path matched YJS_PATH. */
  async handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? "/", "http://x");
    const match = YJS_PATH.exec(url.pathname);
    const reject = (status: number, text: string) => {
      socket.write(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${text}\n`);
      socket.destroy();
    };
    if (!match || !isDocName(match[2]!)) return reject(404, "Not Found");
    const [meetingId, docName] = [match[1]!, match[2] as DocName];
    const auth = await this.registry.authenticate(url.searchParams.get("token"));
    if (!auth.ok) return reject(auth.code === "NOT_FOUND" ? 404 : 401, auth.message.replace(/[^\x20-\x7e]/g, ""));
    if (auth.session.meetingId !== meetingId) return reject(403, "Forbidden");
    const acks = url.searchParams.get("acks") === "1";
    // The epoch of the copy the client holds (absent: an empty copy, or a client that does not say).
    const epoch = url.searchParams.get("epoch");
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, auth.room, docName, auth.session, auth.tokenHash, acks, epoch));
  }

  private room(meeting: MeetingRoom, name: DocName): Promise<DocRoom> {
    const key = `${meeting.id}/${name}`;
    let p = this.rooms.get(key);
    if (!p) {
      p = DocRoom.load(meeting, name, this.store, this.opts.compactAfter).then(async (room) => {
        for (const hook of this.loadHooks) await hook(meeting, room);
        relayUpdates(room);
        relayAwareness(room);
        return room;
      });
      this.rooms.set(key, p);
      p.catch(() => this.rooms.delete(key));
    }
    return p;
  }

  /** "<meetingId>/<doc>" of every document loaded or loading in this process (operations and tests). */
  loadedDocs(): string[] {
    return [...this.rooms.keys()];
  }

  onDocLoaded(hook: (meeting: MeetingRoom, doc: DocRoom) => Promise<void>): void {
    this.loadHooks.push(hook);
  }

  /** A room whose document is loaded (for the server's own writes: lock, freeze). */
  async docRoom(meeting: MeetingRoom, name: DocName): Promise<DocRoom> {
    return this.room(meeting, name);
  }

  private accept(
    ws: WebSocket,
    meeting: MeetingRoom,
    name: DocName,
    session: DocConnection["session"],
    tokenHash: string,
    acks: boolean,
    epoch: string | null,
  ): void {
    const key = `${meeting.id}/${name}`;
    const conn: DocConnection = {
      session,
      acks,
      awarenessIds: new Set(),
      refusedAt: [],
      send: (m) => {
        if (ws.readyState !== ws.OPEN || cut) return;
        // A subscriber that does not read is not buffered for without bound: past the limit it gets
        // nothing more, and is closed with SLOW_CONSUMER; its provider reconnects and resyncs (sync
        // step 1 brings everything it missed in one message).
        if (ws.bufferedAmount > this.slowConsumerBytes) return this.cutSlow(ws, conn, key);
        if (m instanceof Frame) m.writeTo(ws);
        else ws.send(m, (err) => err && ws.close());
      },
    };
    let cut = false;
    this.cutConnections.set(conn, () => (cut = true));
    this.sockets.set(ws, { conn, key, tokenHash });
    // Messages that arrive while the document loads wait here, in order.
    const pending: Uint8Array[] = [];
    let room: DocRoom | null = null;
    ws.binaryType = "arraybuffer";
    const budget = new ConnectionBudget(Date.now());
    ws.on("message", (data: ArrayBuffer) => {
      if (ws.readyState !== ws.OPEN) return;
      const message = new Uint8Array(data);
      // Every message is weighed before any work (also while the document loads).
      const admitted = budget.admit(kindOf(message), message.length, Date.now());
      if (!admitted.ok) {
        log.warn("yjs", "connection over budget; closed", { key, role: session.role, unit: session.unit, linkId: session.linkId, detail: admitted.detail });
        return ws.close(admitted.why === "too_large" ? CLOSE_CODES.MESSAGE_TOO_LARGE : CLOSE_CODES.OVER_BUDGET, admitted.detail.slice(0, 120));
      }
      if (room) handle(room, message);
      else pending.push(message);
    });
    // A connection that named no epoch must hold an empty copy once the document has been renewed: a
    // client that does not send it (a stock provider, or a build from before epochs that a tablet still
    // runs) with a copy from before the renewal is closed at its first sync message, before it is read.
    let epochUnsaid = epoch === null;
    const handle = (r: DocRoom, message: Uint8Array) => {
      if (ws.readyState !== ws.OPEN) return;
      if (epochUnsaid && message[0] === MESSAGE_SYNC) {
        epochUnsaid = false;
        if (docEpoch(r.doc, name) !== NO_EPOCH && !isEmptySyncRequest(message))
          return ws.close(CLOSE_CODES.DOC_RENEWED, "document renewed; start from a fresh copy");
      }
      void this.onMessage(r, conn, ws, message, tokenHash);
    };
    ws.on("close", () => void this.leave(ws));
    ws.on("error", () => ws.close());
    this.room(meeting, name)
      .then((r) => {
        if (ws.readyState !== ws.OPEN) return;
        // A copy of another epoch (the document was renewed since: server/yjs/renew.ts) holds items the
        // document no longer has under clocks it reuses: closed before anything is sent or read, so
        // nothing of it is merged; the client starts over from a fresh copy.
        if (epoch !== null && epoch !== docEpoch(r.doc, name)) return ws.close(CLOSE_CODES.DOC_RENEWED, "document renewed; start from a fresh copy");
        room = r;
        r.connections.add(conn);
        conn.send(
          encoding.encode((e) => {
            encoding.writeVarUint(e, MESSAGE_SYNC);
            syncProtocol.writeSyncStep1(e, r.doc);
          }),
        );
        const states = [...r.awareness.getStates().keys()];
        if (states.length)
          conn.send(
            encoding.encode((e) => {
              encoding.writeVarUint(e, MESSAGE_AWARENESS);
              encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(r.awareness, states));
            }),
          );
        for (const m of pending.splice(0)) handle(r, m);
      })
      .catch((err) => {
        log.error("yjs", "could not load a document", { key, ...errorFields(err) });
        ws.close(1011, "could not load");
      });
  }

  private async onMessage(room: DocRoom, conn: DocConnection, ws: WebSocket, message: Uint8Array, tokenHash: string): Promise<void> {
    if (!room.meeting.isSessionValid(conn.session, tokenHash)) return ws.close(CLOSE_CODES.REVOKED, "link revoked");
    try {
      const decoder = decoding.createDecoder(message);
      const type = decoding.readVarUint(decoder);
      if (type === MESSAGE_SYNC) {
        const syncType = decoding.readVarUint(decoder);
        if (syncType === syncProtocol.messageYjsSyncStep1) {
          const encoder = encoding.createEncoder();
          encoding.writeVarUint(encoder, MESSAGE_SYNC);
          syncProtocol.readSyncStep1(decoder, encoder, room.doc);
          conn.send(encoding.toUint8Array(encoder));
          return;
        }
        if (syncType !== syncProtocol.messageYjsSyncStep2 && syncType !== syncProtocol.messageYjsUpdate)
          return this.refuse(conn, { code: "MALFORMED", path: YJS_WHOLE_UPDATE });
        const update = decoding.readVarUint8Array(decoder);
        if (!isEmptyUpdate(update) && (await archivedNow(this.store, room.meeting.id))) return this.refuse(conn, { code: "ARCHIVED", path: YJS_WHOLE_UPDATE });
        const result = await room.applyClientUpdate(conn, update);
        // Stored (or already held): the sender learns it from this message alone, no sync probes.
        if (result.ok && conn.acks && !isEmptyUpdate(update)) conn.send(ackMessage(update));
        if (!result.ok) {
          log.info("yjs", "update refused", { meetingId: room.meeting.id, doc: room.name, role: conn.session.role, unit: conn.session.unit, code: result.code, path: result.path, reason: result.reason });
          this.refuse(conn, { code: result.code, path: result.path });
          const now = Date.now();
          conn.refusedAt = conn.refusedAt.filter((t) => now - t < REFUSAL_WINDOW_MS);
          conn.refusedAt.push(now);
          if (conn.refusedAt.length > MAX_REFUSALS) ws.close(CLOSE_CODES.TOO_MANY_REFUSALS, "too many refused updates");
        }
        return;
      }
      if (type === MESSAGE_AWARENESS) {
        // Read-only views have no cursor to show; a writer may only announce its own awareness ids,
        // and who it is comes from its session (sanitizeAwareness), never from the client.
        if (isReadOnly(conn.session.role)) return;
        const update = decoding.readVarUint8Array(decoder);
        const takenByOthers = (id: number) => [...room.connections].some((other) => other !== conn && other.awarenessIds.has(id));
        const verdict = sanitizeAwareness(update, conn.session, conn.awarenessIds, takenByOthers);
        if (!verdict.ok) {
          if (verdict.why === "too_large") return ws.close(CLOSE_CODES.MESSAGE_TOO_LARGE, verdict.detail.slice(0, 120));
          log.info("yjs", "awareness refused", { meetingId: room.meeting.id, doc: room.name, role: conn.session.role, unit: conn.session.unit, reason: verdict.detail });
          return this.refuse(conn, { code: "BAD_AWARENESS", path: YJS_WHOLE_UPDATE });
        }
        awarenessProtocol.applyAwarenessUpdate(room.awareness, verdict.update, conn);
        for (const id of verdict.ids) conn.awarenessIds.add(id);
        return;
      }
      if (type === MESSAGE_QUERY_AWARENESS) {
        conn.send(
          encoding.encode((e) => {
            encoding.writeVarUint(e, MESSAGE_AWARENESS);
            encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(room.awareness, [...room.awareness.getStates().keys()]));
          }),
        );
        return;
      }
      this.refuse(conn, { code: "MALFORMED", path: YJS_WHOLE_UPDATE });
    } catch (err) {
      log.warn("yjs", "malformed message", { meetingId: room.meeting.id, ...errorFields(err) });
      this.refuse(conn, { code: "MALFORMED", path: YJS_WHOLE_UPDATE });
    }
  }

  /** Tells the client its change was refused; the client drops its local copy and resyncs. */
  private refuse(conn: DocConnection, refusal: YjsRefusal): void {
    conn.send(
      encoding.encode((e) => {
        encoding.writeVarUint(e, MESSAGE_AUTH);
        authProtocol.writePermissionDenied(e, formatYjsRefusal(refusal));
      }),
    );
  }

  private async leave(ws: WebSocket): Promise<void> {
    const entry = this.sockets.get(ws);
    this.sockets.delete(ws);
    if (!entry) return;
    const p = this.rooms.get(entry.key);
    if (!p) return;
    const room = await p.catch(() => null);
    if (!room) return;
    room.connections.delete(entry.conn);
    if (entry.conn.awarenessIds.size) awarenessProtocol.removeAwarenessStates(room.awareness, [...entry.conn.awarenessIds], null);
    if (room.connections.size > 0) return;
    try {
      await room.compact();
    } catch (err) {
      // Keep the document in memory rather than lose it (Hocuspocus: never drop state on a failed store).
      log.error("yjs", "could not store a document on unload; kept in memory", { key: entry.key, ...errorFields(err) });
      return;
    }
    // Someone may have joined while we were storing.
    if (room.connections.size > 0 || this.rooms.get(entry.key) !== p) return;
    this.rooms.delete(entry.key);
    await room.unload();
  }

  /**
   * Forgets a meeting's loaded documents without storing them (the store now holds another state:
   * rehearsal:end put the snapshot back) and closes their connections with `code`, so every client
   * throws its copy away and the next connection loads the document from the store.
   */
  async dropMeetingDocs(meetingId: string, code: number, reason: string): Promise<void> {
    for (const [key, p] of [...this.rooms]) {
      if (!key.startsWith(`${meetingId}/`)) continue;
      this.rooms.delete(key);
      for (const [ws, entry] of this.sockets) if (entry.key === key) ws.close(code, reason);
      const room = await p.catch(() => null);
      room?.awareness.destroy();
      room?.doc.destroy();
    }
  }

  /** Stores every loaded document; used at shutdown. */
  async closeAll(): Promise<void> {
    for (const ws of this.sockets.keys()) ws.close(CLOSE_CODES.SHUTTING_DOWN, "server shutting down");
    const rooms = await Promise.all([...this.rooms.values()].map((p) => p.catch(() => null)));
    for (const room of rooms) if (room) await room.unload();
    this.rooms.clear();
    this.wss.close();
  }
}

/** A sync step 1 whose state vector is empty: what a provider with an empty copy sends first. */
function isEmptySyncRequest(message: Uint8Array): boolean {
  try {
    const d = decoding.createDecoder(message);
    if (decoding.readVarUint(d) !== MESSAGE_SYNC || decoding.readVarUint(d) !== syncProtocol.messageYjsSyncStep1) return false;
    return Y.decodeStateVector(decoding.readVarUint8Array(d)).size === 0;
  } catch {
    return false;
  }
}

/**
 * Which budget a message draws on, from its first bytes: a sync request (sync step 1) or a
 * query-awareness draws a reply of the whole state; sync step 2, update and anything else (refused
 * as malformed, with a reply) draw on the update budget.
 */
function kindOf(message: Uint8Array): YjsMessageKind {
  const type = message[0];
  if (type === MESSAGE_SYNC) return message[1] === syncProtocol.messageYjsSyncStep1 ? "syncRequest" : "update";
  if (type === MESSAGE_AWARENESS) return "awareness";
  if (type === MESSAGE_QUERY_AWARENESS) return "syncRequest";
  return "update";
}
