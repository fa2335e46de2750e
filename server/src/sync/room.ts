/**
 * A loaded document: the Y.Doc, its awareness, the connections attached to it, and
 * the bookkeeping that decides when it is compacted and unloaded.
 */
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import type { SyncConnection } from './sync-connection';

export class Room {
  readonly doc = new Y.Doc();
  readonly awareness: Awareness;
  readonly connections = new Set<SyncConnection>();
  /** Highest log seq reflected in `doc` and committed (compaction folds up to it). */
  lastSeq = 0n;
  /** Log rows not folded into the stored state yet. */
  updatesSinceCompaction = 0;
  /** Appends handed to the store and not settled yet. */
  pendingAppends = 0;
  /** Server-side operations (writeText) in progress: keep the room loaded meanwhile. */
  holds = 0;
  compacting: Promise<void> | null = null;
  contentTimer: NodeJS.Timeout | null = null;
  announceTimer: NodeJS.Timeout | null = null;
  announcePending = false;
  unloadTimer: NodeJS.Timeout | null = null;
  /** Removed from the hub (unloaded or dropped): late callbacks must not touch the store for it. */
  detached = false;
  private settledWaiters: Array<() => void> = [];

  constructor(
    readonly itemId: string,
    public workspaceId: string,
  ) {
    this.awareness = new Awareness(this.doc);
    // The server has no presence of its own.
    this.awareness.setLocalState(null);
  }

  get text(): Y.Text {
    return this.doc.getText('content');
  }

  get idle(): boolean {
    return this.connections.size === 0 && this.holds === 0;
  }

  appendSettled(): void {
    this.pendingAppends--;
    if (this.pendingAppends === 0 && this.settledWaiters.length > 0) {
      const waiters = this.settledWaiters;
      this.settledWaiters = [];
      for (const w of waiters) w();
    }
  }

  /** Resolves when every append made so far has committed or failed. */
  settled(): Promise<void> {
    if (this.pendingAppends === 0) return Promise.resolve();
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }

  clearTimers(): void {
    if (this.contentTimer) clearTimeout(this.contentTimer);
    if (this.announceTimer) clearTimeout(this.announceTimer);
    this.announceTimer = null;
    if (this.unloadTimer) clearTimeout(this.unloadTimer);
    this.contentTimer = this.unloadTimer = null;
  }

  destroy(): void {
    this.detached = true;
    this.clearTimers();
    this.awareness.destroy();
    this.doc.destroy();
  }
}
