/**
 * In-process events between the HTTP API, the sync layer, the workspace socket and
 * the executor. Typed wrapper over EventEmitter so listeners can't drift from emitters.
 */
import { EventEmitter } from 'node:events';
import type { ReviewRow } from '@tandem/persistence';
import type { TreeChange } from '@tandem/protocol';
import type { AppendedEvent } from './reviews/append-event';

/** A review request changed (committed): what notifications and the reviewer's access follow. */
export interface ReviewChange {
  review: ReviewRow;
  /** The request before the change; null for a new submission. */
  before: ReviewRow | null;
  /** The events the change appended, in order. */
  events: AppendedEvent[];
}

interface EventMap {
  /** The file tree of a workspace changed (sent as is in `/ws` `tree` messages). */
  tree: [workspaceId: string, change: TreeChange];
  /** A document's text changed (any origin); used to mark files dirty for the executor. */
  document: [workspaceId: string, itemId: string];
  /** A workspace was deleted: close its sockets. */
  workspaceDeleted: [workspaceId: string];
  /** A member was removed or their role changed: re-check their open sockets. */
  membershipChanged: [workspaceId: string, userId: string];
  /**
   * The user's credentials changed (a token revoked, the password changed and other
   * sessions ended, a session signed out): re-check their open sockets (auth/credential-recheck.ts).
   */
  credentialsChanged: [userId: string];
  /** A review request was submitted or transitioned (after its transaction committed). */
  reviewChanged: [change: ReviewChange];
}

export class WorkspaceEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  on<K extends keyof EventMap>(event: K, listener: (...args: EventMap[K]) => void): () => void {
    this.emitter.on(event, listener as (...args: unknown[]) => void);
    return () => this.emitter.off(event, listener as (...args: unknown[]) => void);
  }

  emit<K extends keyof EventMap>(event: K, ...args: EventMap[K]): void {
    this.emitter.emit(event, ...args);
  }
}
