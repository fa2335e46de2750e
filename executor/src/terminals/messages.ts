/**
 * The terminal messages of the `/ws/<workspaceId>` socket, server to client, as
 * fixed in docs/protocols.md. The terminal layer builds them; the server only
 * serialises them (`JSON.stringify`) onto the socket of each subscriber.
 */

export type TerminalServerMessage =
  | { type: 'term.opened'; termId: string; cols: number; rows: number }
  | { type: 'term.output'; termId: string; seq: number; data: string }
  | { type: 'term.skipped'; termId: string; from: number; to: number }
  | { type: 'term.exit'; termId: string; code: number }
  | { type: 'term.closed'; termId: string };

export interface TerminalSummary {
  termId: string;
  cols: number;
  rows: number;
  exited: boolean;
  exitCode: number | null;
}

/**
 * One client attached to a terminal: what the server gives us for a socket.
 * `bufferedAmount` is what the socket has not yet written (uWS `getBufferedAmount()`,
 * `ws.bufferedAmount`); it is how the terminal layer sees a slow reader.
 */
export interface TerminalSubscriber {
  send(message: TerminalServerMessage): void;
  bufferedAmount(): number;
}
