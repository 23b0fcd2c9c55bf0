import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import WebSocket from "ws";

/**
 * Hocuspocus's wire protocol, as its server 4.7 reads and writes it (@hocuspocus/server's
 * IncomingMessage/OutgoingMessage/MessageReceiver, @hocuspocus/common's auth messages): y-websocket's
 * messages with two differences. Every frame starts with varString(document name); a connection first
 * sends Auth ([name][2 = Auth][0 = Token][varString token]), before which the server only queues, and the
 * server answers Authenticated ([name][2][2][varString scope]) or PermissionDenied ([name][2][1][reason]).
 * The server also sends types y-websocket lacks: SyncReply (4, a Sync answer), Stateless (5), CLOSE (7),
 * SyncStatus (8: "your update was applied", after every update a connection sends).
 */
export const HP_SYNC = 0;
export const HP_AUTH = 2;
export const HP_SYNC_REPLY = 4;
const AUTH_TOKEN = 0;
const AUTH_PERMISSION_DENIED = 1;

/** varString(name): the prefix of every frame for that document. */
export const namePrefix = (name: string) => encoding.encode((e) => encoding.writeVarString(e, name));

export const prefixed = (prefix: Uint8Array, frame: Uint8Array) => {
  const out = new Uint8Array(prefix.length + frame.length);
  out.set(prefix);
  out.set(frame, prefix.length);
  return out;
};

/** The first frame of a connection (what HocuspocusProvider sends on open; the bench's server has no onAuthenticate, so any token does). */
export const authFrame = (name: string, token: string) =>
  encoding.encode((e) => {
    encoding.writeVarString(e, name);
    encoding.writeVarUint(e, HP_AUTH);
    encoding.writeVarUint(e, AUTH_TOKEN);
    encoding.writeVarString(e, token);
  });

/** Skips a frame's document name; the decoder then stands at the message type. */
export function skipName(d: decoding.Decoder): void {
  const n = decoding.readVarUint(d);
  d.pos += n;
}

/**
 * A Hocuspocus frame as the y-websocket frame a stock provider understands, or null to drop it: Sync and
 * SyncReply as Sync, Awareness and QueryAwareness as they are, PermissionDenied as y-websocket's
 * permission-denied auth message (so the bench counts it as a refusal); Authenticated, SyncStatus,
 * Stateless and CLOSE (the socket closes after it) have no y-websocket counterpart and are dropped.
 */
export function toYWebsocket(frame: Uint8Array): Uint8Array | null {
  const d = decoding.createDecoder(frame);
  skipName(d);
  const start = d.pos;
  const type = decoding.readVarUint(d);
  if (type === HP_SYNC || type === 1 || type === 3) return frame.subarray(start);
  if (type === HP_SYNC_REPLY) {
    const out = frame.slice(start);
    out[0] = HP_SYNC; // both single-byte varUints
    return out;
  }
  if (type === HP_AUTH && decoding.readVarUint(d) === AUTH_PERMISSION_DENIED)
    return encoding.encode((e) => {
      encoding.writeVarUint(e, HP_AUTH);
      encoding.writeVarUint(e, 0); // y-websocket: 0 = permission denied
      encoding.writeVarString(e, decoding.readVarString(d));
    });
  return null;
}

const bytesOf = (data: unknown): Uint8Array =>
  data instanceof ArrayBuffer
    ? new Uint8Array(data)
    : Array.isArray(data)
      ? new Uint8Array(Buffer.concat(data as Buffer[]))
      : new Uint8Array((data as Buffer).buffer, (data as Buffer).byteOffset, (data as Buffer).byteLength);

/**
 * A `ws` WebSocket that lets a stock y-websocket provider talk to Hocuspocus (its WebSocketPolyfill): the
 * document name is the URL's last path segment (the provider's room), the token its `token` parameter.
 * On open it sends the Auth frame before the provider's own first frames; outgoing frames get the name
 * prefix; incoming frames lose it and are mapped by toYWebsocket (dropped ones never reach the provider).
 */
export class HocuspocusWebSocket extends WebSocket {
  private readonly prefix: Uint8Array;
  private readonly auth: Uint8Array;

  constructor(address: string | URL, protocols?: string | string[]) {
    super(address, protocols);
    const url = new URL(address);
    const name = decodeURIComponent(url.pathname.split("/").pop() ?? "");
    this.prefix = namePrefix(name);
    this.auth = authFrame(name, url.searchParams.get("token") ?? "");
  }

  override send(data: unknown, ...rest: unknown[]): void {
    (super.send as (d: unknown, ...r: unknown[]) => void)(prefixed(this.prefix, bytesOf(data)), ...rest);
  }

  override emit(event: string | symbol, ...args: unknown[]): boolean {
    if (event === "open") super.send(this.auth);
    if (event === "message") {
      const frame = toYWebsocket(bytesOf(args[0]));
      if (!frame) return false;
      const copy = frame.slice();
      return super.emit(event, copy.buffer, true);
    }
    return super.emit(event, ...args);
  }
}
