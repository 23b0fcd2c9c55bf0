import type WebSocket from "ws";

/** What `ws` keeps per socket that a pre-framed write needs (not in its typings). */
interface WsInternals {
  _socket?: { writable: boolean; write(chunk: Buffer): boolean } | null;
  _sender?: { _state: number } | null;
}

/**
 * A binary WebSocket frame built once for many sockets: header and payload in one Buffer (server
 * frames are not masked, so the bytes are the same for every receiver). `ws.send` would build a
 * header and write two chunks per socket; a broadcast to 1,000 subscribers writes this one Buffer.
 */
export class Frame {
  private constructor(
    readonly payload: Uint8Array,
    private readonly bytes: Buffer,
  ) {}

  static of(payload: Uint8Array): Frame {
    // RFC 6455 §5.2: FIN + binary opcode, then the length in 7, 7+16 or 7+64 bits; no mask from a server.
    const n = payload.byteLength;
    const header = n < 126 ? 2 : n < 65536 ? 4 : 10;
    const bytes = Buffer.allocUnsafe(header + n);
    bytes[0] = 0x82;
    if (n < 126) bytes[1] = n;
    else if (n < 65536) {
      bytes[1] = 126;
      bytes.writeUInt16BE(n, 2);
    } else {
      bytes[1] = 127;
      bytes.writeBigUInt64BE(BigInt(n), 2);
    }
    bytes.set(payload, header);
    return new Frame(payload, bytes);
  }

  /**
   * Writes the frame to the socket under `ws`, when `ws` would have written straight to it too: no
   * extension (no compression) and its sender idle (nothing queued ahead, so the order is kept).
   * Otherwise, and for any socket `ws` does not expose, an ordinary `ws.send` of the payload.
   */
  writeTo(ws: WebSocket): void {
    const internals = ws as unknown as WsInternals;
    const socket = internals._socket;
    if (socket?.writable && internals._sender?._state === 0 && ws.extensions === "") socket.write(this.bytes);
    else ws.send(this.payload, (err) => err && ws.close());
  }
}
