import WebSocket from "ws";

/**
 * Opens a Socket.IO v5 connection over Engine.IO v4 on a bare WebSocket, as socket.io-client does with
 * `transports: ["websocket"]`: answers pings, sends the connect packet with the link's token when the
 * Engine.IO session opens, resolves on the server's connect and rejects on its refusal. Every other message
 * (events `42…`, acks `43…`) goes to `onMessage`; `onAny` sees every message but pings (byte counts).
 * The bench's light clients (raw-follower.ts, raw-tablet.ts) build on it.
 */
export function openRawSocketIo(
  port: number,
  token: string,
  handlers: { onMessage: (data: string) => void; onAny?: (data: string) => void; onPing?: (data: string) => void },
): { ws: WebSocket; connected: Promise<void> } {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`);
  const connected = new Promise<void>((resolve, reject) => {
    ws.on("error", reject);
    ws.on("message", (raw) => {
      const data = raw.toString();
      if (data === "2") {
        handlers.onPing?.(data);
        return ws.send("3"); // Engine.IO ping → pong
      }
      handlers.onAny?.(data);
      if (data.startsWith("0{")) return ws.send(`40${JSON.stringify({ token })}`); // open → Socket.IO connect with auth
      if (data.startsWith("40")) return resolve();
      if (data.startsWith("44")) return reject(new Error(`refused: ${data}`));
      handlers.onMessage(data);
    });
  });
  return { ws, connected };
}
