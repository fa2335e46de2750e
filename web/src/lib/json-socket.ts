/**
 * A same-origin WebSocket of JSON text frames that reconnects with backoff after a
 * drop (reconnect-backoff.ts) and ends for good on a close a retry cannot fix. The
 * workspace socket and the notification socket are this, with their own path, message
 * type and final closes.
 */
import { CloseCode } from '@tandem/protocol';
import { socketOrigin } from './origins';
import { reconnectDelay } from './reconnect-backoff';

export type SocketState = 'connecting' | 'open' | 'closed';

export interface JsonSocketOptions<In> {
  /** The path on the server, e.g. `/notifications`. */
  path: string;
  message(message: In): void;
  /** `closeCode`: the close that ended it for good (with state 'closed'), or the drop being retried. */
  state(state: SocketState, closeCode?: number): void;
  /** Whether reconnecting after this close would only fail again. */
  isFinal(code: number): boolean;
}

export class JsonSocket<In> {
  private ws: WebSocket | null = null;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(private readonly options: JsonSocketOptions<In>) {
    this.connect();
  }

  /** False when not open (nothing is queued: the caller decides what a lost message means). */
  send(message: unknown): boolean {
    if (this.ws?.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(message));
    return true;
  }

  close(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.ws?.close(CloseCode.NORMAL);
  }

  private connect(): void {
    const { options } = this;
    options.state('connecting');
    const ws = new WebSocket(`${socketOrigin()}${options.path}`);
    this.ws = ws;
    ws.onopen = () => {
      this.attempt = 0;
      options.state('open');
    };
    ws.onmessage = (event) => {
      if (typeof event.data !== 'string') return;
      try {
        options.message(JSON.parse(event.data) as In);
      } catch {
        // A frame we cannot read is the server's bug; dropping it keeps the page alive.
      }
    };
    ws.onclose = (event) => {
      if (this.ws !== ws || this.stopped) return;
      if (options.isFinal(event.code)) {
        this.stopped = true;
        options.state('closed', event.code);
        return;
      }
      options.state('connecting', event.code);
      this.timer = setTimeout(() => this.connect(), reconnectDelay(this.attempt++, Math.random()));
    };
  }
}
