/**
 * The client end of `/notifications` (cookie auth, same origin): JSON frames in,
 * nothing out, reconnecting with backoff after a drop (reconnect-backoff.ts) and
 * stopping for good on a close that a retry cannot fix (signed out).
 */
import { CloseCode } from '@tandem/protocol';
import { socketOrigin } from './origins';
import type { NotificationConnection } from './notification-state';
import type { NotificationServerMessage } from '@tandem/protocol';
import { isFinalClose, reconnectDelay } from './reconnect-backoff';

export interface NotificationSocketEvents {
  message(message: NotificationServerMessage): void;
  state(state: NotificationConnection): void;
}

export class NotificationSocket {
  private ws: WebSocket | null = null;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(private readonly on: NotificationSocketEvents) {
    this.connect();
  }

  close(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.ws?.close(CloseCode.NORMAL);
  }

  private connect(): void {
    this.on.state('connecting');
    const ws = new WebSocket(`${socketOrigin()}/notifications`);
    this.ws = ws;
    ws.onopen = () => {
      this.attempt = 0;
      this.on.state('open');
    };
    ws.onmessage = (event) => {
      if (typeof event.data !== 'string') return;
      try {
        this.on.message(JSON.parse(event.data) as NotificationServerMessage);
      } catch {
        // A frame we cannot read is the server's bug; dropping it keeps the page alive.
      }
    };
    ws.onclose = (event) => {
      if (this.ws !== ws || this.stopped) return;
      if (isFinalClose(event.code)) {
        this.stopped = true;
        this.on.state('closed');
        return;
      }
      this.on.state('connecting');
      this.timer = setTimeout(() => this.connect(), reconnectDelay(this.attempt++, Math.random()));
    };
  }
}
