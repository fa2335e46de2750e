/**
 * The plain `content` column follows a live document's text, at most every
 * `intervalMs` (TANDEM_CONTENT_FLUSH_MS): file sizes in listings and an
 * environment's first push read it (workspace-source.ts). A compaction writes the
 * text itself, so it cancels a flush that is due (`cancel`).
 */
import type { DocumentStore } from '@tandem/persistence';
import type { Room } from './room';

export class ContentFlush {
  constructor(
    private readonly store: Pick<DocumentStore, 'writeContent'>,
    private readonly intervalMs: number,
    private readonly random: () => number = Math.random,
  ) {}

  /** The document changed: its text reaches the column within the interval. */
  changed(room: Room): void {
    if (room.contentTimer) return;
    room.contentTimer = setTimeout(() => {
      room.contentTimer = null;
      if (room.detached) return;
      this.store.writeContent(room.itemId, room.textContent());
    }, this.jittered(this.intervalMs));
  }

  /** Whether a flush is due: the column lags the text. */
  due(room: Room): boolean {
    return room.contentTimer !== null;
  }

  cancel(room: Room): void {
    if (room.contentTimer) clearTimeout(room.contentTimer);
    room.contentTimer = null;
  }

  /** Write the text now (a document unloading without a compaction, which would have written it). */
  writeNow(room: Room): void {
    this.cancel(room);
    this.store.writeContent(room.itemId, room.textContent());
  }

  /**
   * Reading the text integrates what the room staged, so a flush's cost grows with the
   * interval. Documents that got busy together would otherwise flush together, every
   * interval, in one timer run: measured at 300 busy documents and 2 s, that burst took
   * p99 propagation from 15 ms to 50 ms. ±25% spreads them.
   */
  private jittered(ms: number): number {
    return Math.round(ms * (0.75 + this.random() * 0.5));
  }
}
