/**
 * One client session's line to the replica that owns its workspace's environment
 * (issue 14): a WebSocket to the owner's internal listener, authenticated with the
 * replicas' shared secret, naming the workspace and the user. Frames are the client's
 * own messages one way and the owner's replies the other, as text, unchanged.
 *
 * Messages sent before the line is open wait for it, in order (up to
 * MAX_QUEUED_BYTES). A line that goes quiet is found dead by ping within
 * PING_MS * 2 (the owner's process may have died without closing its sockets).
 */
import WebSocket from 'ws';
import { INTERNAL_LINK_PATH, LINK_HEADER, SECRET_HEADER, type LinkRequest } from './internal-protocol';

export interface OwnerLinkEvents {
  /** One text frame from the owner (a reply to this session). */
  message(text: string): void;
  /** The line is gone (after it opened, or it never did): code and reason as the owner closed it, or 1006. */
  closed(code: number, reason: string): void;
}

const MAX_QUEUED_BYTES = 4 * 1024 * 1024;
const PING_MS = 5_000;
const CONNECT_TIMEOUT_MS = 5_000;

export class OwnerLink {
  private readonly socket: WebSocket;
  private queue: string[] = [];
  private queuedBytes = 0;
  private done = false;
  private pinger: NodeJS.Timeout | null = null;
  private answered = true;
  private wasOpen = false;
  /** Resolves true once open, false if it closed first. */
  readonly opened: Promise<boolean>;

  constructor(address: string, secret: string, request: LinkRequest, private readonly events: OwnerLinkEvents) {
    const url = new URL(`${INTERNAL_LINK_PATH}/${request.workspaceId}`, address.replace(/^http/, 'ws'));
    this.socket = new WebSocket(url, {
      headers: { [SECRET_HEADER]: secret, [LINK_HEADER]: JSON.stringify(request) },
      handshakeTimeout: CONNECT_TIMEOUT_MS,
      perMessageDeflate: false,
    });
    this.opened = new Promise((resolve) => {
      this.socket.once('open', () => {
        this.wasOpen = true;
        for (const text of this.queue) this.socket.send(text);
        this.queue = [];
        this.queuedBytes = 0;
        this.pinger = setInterval(() => this.ping(), PING_MS);
        this.pinger.unref();
        resolve(true);
      });
      this.socket.once('close', () => resolve(false));
    });
    this.socket.on('message', (data, isBinary) => {
      if (!isBinary) events.message(data.toString());
    });
    this.socket.on('pong', () => (this.answered = true));
    this.socket.on('error', () => {}); // 'close' follows with the code
    this.socket.on('close', (code, reason) => this.end(code, reason.toString()));
  }

  /** Whether the line ever opened (a close before that is a failed attempt, not a lost owner). */
  get everOpened(): boolean {
    return this.wasOpen;
  }

  /** False when the line is gone or too much waits for it (the caller answers the client). */
  send(text: string): boolean {
    if (this.done) return false;
    if (this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(text);
      return true;
    }
    if (this.queuedBytes + text.length > MAX_QUEUED_BYTES) return false;
    this.queue.push(text);
    this.queuedBytes += text.length;
    return true;
  }

  close(): void {
    if (this.done) return;
    this.socket.close(1000, 'client left');
    this.end(1000, 'client left');
  }

  private ping(): void {
    if (!this.answered) {
      this.socket.terminate();
      return this.end(1006, 'the owner did not answer pings');
    }
    this.answered = false;
    this.socket.ping();
  }

  private end(code: number, reason: string): void {
    if (this.done) return;
    this.done = true;
    if (this.pinger) clearInterval(this.pinger);
    this.queue = [];
    this.events.closed(code, reason);
  }
}
