import type WebSocket from "ws";
import { openRawSocketIo } from "./raw-socket-io";

/**
 * A follower that speaks just enough Engine.IO v4 / Socket.IO v5 over a bare WebSocket to join with
 * a token and read events. Thousands of full socket.io-client instances would make the bench
 * process, not the server, the bottleneck; this one only parses poll:state messages.
 */
export class RawFollower {
  /** When `isFinal` first held for a poll:state. */
  finalAt: number | null = null;
  pollStates = 0;
  meetingStates = 0;
  /** Every Engine.IO message but pings: what the server wrote to this socket. */
  messages = 0;
  bytes = 0;
  private ws: WebSocket | null = null;

  constructor(
    private readonly port: number,
    private readonly token: string,
    private readonly isFinal: (view: { id: string; state: string; turnout: { voted: number } }) => boolean,
  ) {}

  connect(): Promise<void> {
    const { ws, connected } = openRawSocketIo(this.port, this.token, {
      onPing: (data) => (this.bytes += data.length),
      onAny: (data) => {
        this.bytes += data.length;
        this.messages++;
      },
      onMessage: (data) => {
        if (data.startsWith('42["meeting:state"')) this.meetingStates++;
        if (data.startsWith('42["poll:state"')) {
          this.pollStates++;
          if (this.finalAt !== null) return;
          const [, view] = JSON.parse(data.slice(2)) as [string, { id: string; state: string; turnout: { voted: number } }];
          if (this.isFinal(view)) this.finalAt = performance.now();
        }
      },
    });
    this.ws = ws;
    return connected;
  }

  close(): void {
    this.ws?.terminate();
  }
}
