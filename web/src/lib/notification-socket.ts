/**
 * The client end of `/notifications` (cookie auth, same origin): JSON frames in,
 * nothing out, reconnecting after a drop and stopping for good on a close that a retry
 * cannot fix (signed out): a JsonSocket.
 */
import type { NotificationServerMessage } from '@tandem/protocol';
import { JsonSocket } from './json-socket';
import type { NotificationConnection } from './notification-state';
import { isFinalClose } from './reconnect-backoff';

export interface NotificationSocketEvents {
  message(message: NotificationServerMessage): void;
  state(state: NotificationConnection): void;
}

export class NotificationSocket {
  private readonly socket: JsonSocket<NotificationServerMessage>;

  constructor(on: NotificationSocketEvents) {
    this.socket = new JsonSocket({ path: '/notifications', message: (m) => on.message(m), state: (state) => on.state(state), isFinal: isFinalClose });
  }

  close(): void {
    this.socket.close();
  }
}
