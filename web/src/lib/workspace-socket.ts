/**
 * The client end of `/ws/<workspaceId>` (docs/protocols.md): JSON frames in and out,
 * reconnecting with backoff after a dropped connection. Closes that a retry cannot
 * fix (signed out, not a member, workspace gone) end it for good and say why.
 */
import { CloseCode, type ClientMessage, type ServerMessage } from '@tandem/protocol';
import { socketOrigin } from './origins';
import { reconnectDelay } from './reconnect-backoff';

export type SocketState = 'connecting' | 'open' | 'closed';

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
  private ws: WebSocket | null = null;
  private retry = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(
    private readonly workspaceId: string,
    private readonly on: WorkspaceSocketEvents,
  ) {
    this.connect();
  }

  send(message: ClientMessage): boolean {
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
    this.on.state('connecting');
    const ws = new WebSocket(`${socketOrigin()}/ws/${encodeURIComponent(this.workspaceId)}`);
    this.ws = ws;
    ws.onopen = () => {
      this.retry = 0;
      this.on.state('open');
    };
    ws.onmessage = (event) => {
      if (typeof event.data !== 'string') return;
      try {
        this.on.message(JSON.parse(event.data) as ServerMessage);
      } catch {
        // A frame we cannot read is the server's bug; dropping it keeps the IDE alive.
      }
    };
    ws.onclose = (event) => {
      if (this.ws !== ws || this.stopped) return;
      const final = FINAL_CLOSES[event.code];
      if (final) {
        this.stopped = true;
        this.on.state('closed', final);
        return;
      }
      this.on.state('connecting', 'Reconnecting…');
      this.timer = setTimeout(() => this.connect(), reconnectDelay(this.retry++, Math.random()));
    };
  }
}
