import type WebSocket from "ws";
import { openRawSocketIo } from "./raw-socket-io";

/**
 * A delegate tablet for the vote bench, speaking Engine.IO v4 / Socket.IO v5 over a bare WebSocket like
 * bench/raw-follower.ts, with acknowledgements. The server sees exactly what socket.io-client sends (the same
 * transport, handshake, packets and pongs); the tablet reads every message it gets (each event's JSON is
 * parsed, the newest poll:state kept), but without socket.io-client's layers (engine.io-client, the parser's
 * binary checks, emitters, a timer per ack), which made the bench process, on the same two cores as the server,
 * late in reading the acknowledgements it times.
 */
export class RawTablet {
  /** Every message but pings, and the events read (parsed) among them. */
  messages = 0;
  events = 0;
  /** The newest poll:state each poll sent, as a tablet shows it. */
  readonly polls = new Map<string, unknown>();
  private ws: WebSocket | null = null;
  private nextAck = 0;
  private readonly acks = new Map<number, (reply: unknown) => void>();

  constructor(
    private readonly port: number,
    private readonly token: string,
  ) {}

  connect(): Promise<void> {
    const { ws, connected } = openRawSocketIo(this.port, this.token, {
      onAny: () => this.messages++,
      onMessage: (data) => {
        if (data.startsWith("42")) this.event(data.slice(2));
        else if (data.startsWith("43")) this.ack(data.slice(2));
      },
    });
    this.ws = ws;
    return connected;
  }

  /** Sends an event with an acknowledgement: `42<id>[event, payload]`; resolves with the server's reply. */
  emitWithAck(event: string, payload: unknown): Promise<unknown> {
    const id = this.nextAck++;
    return new Promise((resolve) => {
      this.acks.set(id, resolve);
      this.ws!.send(`42${id}${JSON.stringify([event, payload])}`);
    });
  }

  close(): void {
    this.ws?.terminate();
  }

  /** `43<id>[reply]`. */
  private ack(body: string): void {
    const open = body.indexOf("[");
    const id = Number(body.slice(0, open));
    const settle = this.acks.get(id);
    if (!settle) return;
    this.acks.delete(id);
    settle((JSON.parse(body.slice(open)) as unknown[])[0]);
  }

  /** `42[event, payload]` (the server's events carry no ack id). */
  private event(body: string): void {
    const [name, payload] = JSON.parse(body) as [string, unknown];
    this.events++;
    if (name === "poll:state") this.polls.set((payload as { id: string }).id, payload);
  }
}
