/**
 * One client of one document, as the hub sees it. The socket library sits behind
 * `SyncPeer` (implemented for uWebSockets.js in sync-endpoint.ts), so the hub never
 * imports uWS and the per-delivery fan-out stays in C++ (`publish`).
 */
import type { Credentials, Role } from '../context';
import type { Room } from './room';

export interface SyncPeer {
  /** Send to this client. Over the backpressure limit the peer closes itself (4429). */
  send(bytes: Uint8Array): void;
  /** Receive everything published to the topic from now on. */
  subscribe(topic: string): void;
  unsubscribe(topic: string): void;
  /**
   * Send one large message in fragments, each once the socket has taken the one
   * before, then run `done`. Sends and paced messages meanwhile wait and follow it in
   * order; topics (re)joined meanwhile are joined once nothing is paced. Nothing
   * published reaches the socket between fragments: unsubscribe it first.
   */
  sendPaced(bytes: Uint8Array, done: () => void): void;
  /** Publish to every other subscriber of the topic (the sender is excluded). */
  publish(topic: string, bytes: Uint8Array): void;
  /** Run `fn` with sends batched into one syscall (uWS cork); for sends outside a socket callback. */
  cork(fn: () => void): void;
  /** Close with a named code (`CloseCode`, @tandem/protocol). Idempotent. */
  close(code: number, reason: string): void;
  readonly closed: boolean;
}

/** Publishes to every subscriber of a topic, for messages that have no sending client. */
export type Broadcast = (topic: string, bytes: Uint8Array) => void;

export interface ConnectionInfo {
  workspaceId: string;
  itemId: string;
  userId: string;
  role: Role;
  /** Asked for acks (`?ack=1`): message 100 once its updates are committed. */
  wantsAck: boolean;
  /** What the socket was admitted with, re-checked when the user's credentials change (credential-watch.ts). */
  credentials?: Credentials;
}

export class SyncConnection {
  readonly workspaceId: string;
  readonly itemId: string;
  readonly userId: string;
  role: Role;
  readonly wantsAck: boolean;
  readonly credentials: Credentials | null;
  /** Set once the document is loaded and this connection attached to it. */
  room: Room | null = null;
  /** Messages that arrived while the document was loading (copies), in order. */
  queued: Uint8Array[] | null = [];
  queuedBytes = 0;
  /** This connection's updates committed to PostgreSQL (the ack count). */
  committed = 0;
  /** Awareness client ids this connection controls (removed when it leaves). */
  readonly awarenessIds = new Set<number>();
  /** Set when it left (closed by either side): nothing more is sent or handled. */
  gone = false;

  constructor(
    readonly peer: SyncPeer,
    info: ConnectionInfo,
  ) {
    this.workspaceId = info.workspaceId;
    this.itemId = info.itemId;
    this.userId = info.userId;
    this.role = info.role;
    this.wantsAck = info.wantsAck;
    this.credentials = info.credentials ?? null;
  }
}
