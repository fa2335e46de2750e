/**
 * One open workspace socket, behind a tiny port so nothing here knows uWebSockets.js
 * (the adapter in workspace-socket.ts provides the port). Handlers, including the
 * terminal handlers added later, talk to sessions only.
 */
import { CloseCode, errorMessage, type Ref, type ServerMessage } from '@tandem/protocol';
import type { Role } from '../context';
import { TokenBucket } from './rate-limit';

export interface SocketPort {
  /** Sends one text frame. */
  send(text: string): void;
  end(code: number, reason: string): void;
  bufferedAmount(): number;
}

export interface SessionLimits {
  /** A client that leaves more than this unread is closed (4429) rather than buffered forever. */
  maxBufferedBytes: number;
  ratePerSecond: number;
  burst: number;
}

let nextFocusTick = 0;

export class WorkspaceSession {
  private ended = false;
  readonly rate: TokenBucket;
  focus: string | null = null;
  focusedAt = -1;
  /** Orders focus requests whose item lookups resolve out of order: only the latest applies. */
  focusRequest = 0;
  /** Whether this session has had a presence message yet (it gets one even if nothing changed). */
  presenceSeen = false;
  /** The client is on another replica, which forwards its environment messages here (WorkspaceSocket.adopt). */
  viaReplica = false;

  constructor(
    readonly id: string,
    readonly workspaceId: string,
    readonly user: { id: string; username: string },
    public role: Role,
    private readonly port: SocketPort,
    private readonly limits: SessionLimits,
    private readonly onEnd: (session: WorkspaceSession, code: number) => void,
  ) {
    this.rate = new TokenBucket(limits.ratePerSecond, limits.burst);
  }

  get closed(): boolean {
    return this.ended;
  }

  /** Sends a message; false when the session is closed (or was just closed for not reading). */
  send(message: ServerMessage): boolean {
    if (this.ended) return false;
    if (this.port.bufferedAmount() > this.limits.maxBufferedBytes) {
      this.close(CloseCode.BACKPRESSURE, 'client is not reading');
      return false;
    }
    return this.sendRaw(JSON.stringify(message));
  }

  /** Sends a message already serialized (a reply forwarded from another replica, unchanged). */
  sendRaw(text: string): boolean {
    if (this.ended) return false;
    if (this.port.bufferedAmount() > this.limits.maxBufferedBytes) {
      this.close(CloseCode.BACKPRESSURE, 'client is not reading');
      return false;
    }
    this.port.send(text);
    return true;
  }

  error(code: string, message: string, ref?: Ref): void {
    this.send(errorMessage(code, message, ref));
  }

  /** Bytes sent but not yet taken by the client (terminal output uses it to skip ahead). */
  bufferedAmount(): number {
    return this.ended ? 0 : this.port.bufferedAmount();
  }

  setFocus(itemId: string | null): void {
    this.focus = itemId;
    this.focusedAt = ++nextFocusTick;
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
}
