/**
 * One client attached to a terminal: what the server gives us for a socket. The
 * terminal layer builds the messages (`TerminalServerMessage`, @tandem/protocol);
 * the server only serialises them (`JSON.stringify`) onto the subscriber's socket.
 * `bufferedAmount` is what the socket has not yet written (uWS `getBufferedAmount()`,
 * `ws.bufferedAmount`); it is how the terminal layer sees a slow reader.
 */
import type { TerminalServerMessage } from '@tandem/protocol';

export interface TerminalSubscriber {
  send(message: TerminalServerMessage): void;
  bufferedAmount(): number;
}
