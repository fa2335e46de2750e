/**
 * The client end of `/ws/<workspaceId>` (docs/protocols.md): JSON frames in and out,
 * reconnecting with backoff after a dropped connection (a JsonSocket). Closes that a retry cannot
 * fix (signed out, not a member, workspace gone) end it for good and say why.
 */
import { CloseCode, type ClientMessage, type ServerMessage } from '@tandem/protocol';
import { workspaceLinkKey } from './connection-store';
import { JsonSocket, type SocketState } from './json-socket';

export type { SocketState };

/** Close codes after which reconnecting would only fail again. */
const FINAL_CLOSES: Record<number, string> = {
  [CloseCode.UNAUTHENTICATED]: 'You are signed out',
  [CloseCode.FORBIDDEN]: 'You are no longer a member of this workspace',
  [CloseCode.NOT_FOUND]: 'This workspace no longer exists',
  [CloseCode.MISDIRECTED]: 'This server does not answer to this address (its TANDEM_PUBLIC_URL or TANDEM_ALLOWED_HOSTS)',
};

export interface WorkspaceSocketEvents {
  message(message: ServerMessage): void;
  state(state: SocketState, reason?: string): void;
}

export class WorkspaceSocket {
  private readonly socket: JsonSocket<ServerMessage>;

  constructor(workspaceId: string, on: WorkspaceSocketEvents) {
    this.socket = new JsonSocket<ServerMessage>({
      path: `/ws/${encodeURIComponent(workspaceId)}`,
      message: (m) => on.message(m),
      state: (state, code) => on.state(state, state === 'closed' ? FINAL_CLOSES[code!] : code === undefined ? undefined : 'Reconnecting…'),
      isFinal: (code) => code in FINAL_CLOSES,
      linkKey: workspaceLinkKey,
    });
  }

  send(message: ClientMessage): boolean {
    return this.socket.send(message);
  }

  close(): void {
    this.socket.close();
  }
}
