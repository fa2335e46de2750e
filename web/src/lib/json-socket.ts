/**
 * A same-origin WebSocket of JSON text frames that reconnects with backoff after a
 * drop (reconnect-backoff.ts) and ends for good on a close a retry cannot fix. The
 * workspace socket and the notification socket are this, with their own path, message
 * type and final closes.
 *
 * The socket is watched (watched-socket.ts): the server beats every 2 s with
 * `{type:"heartbeat"}` (swallowed here), so silence past the deadline means the network
 * is gone and it reconnects at once instead of believing a dead socket. Coming back
 * online (the window's `online` event) skips what is left of the backoff.
 */
import { CloseCode, HEARTBEAT_DEADLINE_MS } from '@tandem/protocol';
import { reportLink } from './connection-store';
import { socketOrigin } from './origins';
import { reconnectDelay } from './reconnect-backoff';
import { WatchedSocket } from './watched-socket';

export type SocketState = 'connecting' | 'open' | 'closed';

export interface JsonSocketOptions<In> {
  /** The path on the server, e.g. `/notifications`. */
  path: string;
  message(message: In): void;
  /** `closeCode`: the close that ended it for good (with state 'closed'), or the drop being retried. */
  state(state: SocketState, closeCode?: number): void;
  /** Whether reconnecting after this close would only fail again. */
  isFinal(code: number): boolean;
  /** Where the status bar reads this socket's state (connection-store.ts); unset: nowhere. */
  linkKey?: string;
}

export class JsonSocket<In> {
  private ws: WatchedSocket | null = null;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private readonly onOnline = () => {
    if (this.timer === null || this.stopped) return;
    clearTimeout(this.timer);
    this.timer = null;
    this.connect();
  };

  constructor(private readonly options: JsonSocketOptions<In>) {
    window.addEventListener('online', this.onOnline);
    this.connect();
  }

  /** False when not open (nothing is queued: the caller decides what a lost message means). */
  send(message: unknown): boolean {
    if (this.ws?.readyState !== WatchedSocket.OPEN) return false;
    this.ws.send(JSON.stringify(message));
    return true;
  }

  close(): void {
    this.stopped = true;
    window.removeEventListener('online', this.onOnline);
    if (this.timer) clearTimeout(this.timer);
    this.ws?.close(CloseCode.NORMAL);
    if (this.options.linkKey) reportLink(this.options.linkKey, null);
  }

  private report(state: SocketState, closeCode?: number): void {
    if (this.options.linkKey) reportLink(this.options.linkKey, { state, attempt: this.attempt });
    this.options.state(state, closeCode);
  }

  private connect(): void {
    const { options } = this;
    this.timer = null;
    this.report('connecting');
    const ws = new WatchedSocket(`${socketOrigin()}${options.path}`, () => HEARTBEAT_DEADLINE_MS);
    this.ws = ws;
    ws.onopen = () => {
      this.attempt = 0;
      this.report('open');
    };
    ws.onmessage = (event) => {
      if (typeof event.data !== 'string') return;
      let message: { type?: unknown };
      try {
        message = JSON.parse(event.data) as { type?: unknown };
      } catch {
        // A frame we cannot read is the server's bug; dropping it keeps the page alive.
        return;
      }
      if (message?.type === 'heartbeat') return;
      options.message(message as In);
    };
    ws.onclose = (event) => {
      if (this.ws !== ws || this.stopped) return;
      if (options.isFinal(event.code)) {
        this.stopped = true;
        this.report('closed', event.code);
        return;
      }
      const delay = reconnectDelay(this.attempt++, Math.random());
      this.report('connecting', event.code);
      this.timer = setTimeout(() => this.connect(), delay);
    };
  }
}
