/**
 * One open `/notifications` socket, behind a tiny port so nothing here knows
 * uWebSockets.js (notification-socket.ts provides the port). Until its `hello` is sent
 * (it needs the unread count, a query), what is pushed to it is held and follows the
 * hello in order: a notification committed while the count was read is then neither
 * lost nor shown before the hello.
 */
import { CloseCode, type NotificationServerMessage } from '@tandem/protocol';
import type { Credentials } from '../context';

export interface NotificationPort {
  send(text: string): void;
  end(code: number, reason: string): void;
  bufferedAmount(): number;
}

export class NotificationSession {
  private ended = false;
  private held: NotificationServerMessage[] | null = [];

  constructor(
    readonly id: number,
    readonly userId: string,
    /** What the socket was opened with: re-checked before deliveries (signed out, expired, revoked). */
    readonly credentials: Credentials,
    private readonly port: NotificationPort,
    /** A client that leaves more than this unread is closed (4429) rather than buffered forever. */
    private readonly maxBufferedBytes: number,
    private readonly onEnd: (session: NotificationSession, code: number) => void,
  ) {}

  get closed(): boolean {
    return this.ended;
  }

  /** The first message; then whatever was held meanwhile. */
  hello(unreadCount: number): void {
    const held = this.held ?? [];
    this.held = null;
    this.write({ type: 'hello', unreadCount });
    for (const message of held) this.write(message);
  }

  send(message: NotificationServerMessage): void {
    if (this.held) this.held.push(message);
    else this.write(message);
  }

  close(code: number, reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.port.end(code, reason);
    this.onEnd(this, code);
  }

  /** The socket closed on its own (client left, network): no frame to send any more. */
  markClosed(code: number): void {
    if (this.ended) return;
    this.ended = true;
    this.onEnd(this, code);
  }

  private write(message: NotificationServerMessage): void {
    if (this.ended) return;
    if (this.port.bufferedAmount() > this.maxBufferedBytes) return this.close(CloseCode.BACKPRESSURE, 'client is not reading');
    this.port.send(JSON.stringify(message));
  }
}
