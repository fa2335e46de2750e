/**
 * Keeps `workspace_items.content` current for readers that are not Yjs clients (the
 * REST file API, the executor). Writes are coalesced per item (only the latest text
 * matters) and flushed for all dirty items in one statement.
 */
import type pg from 'pg';
import { DatabaseUnavailableError, QueryCanceledError, translateDatabaseError } from './errors';
import { WRITE_CONTENTS } from './document-store-sql';

export class ContentWriter {
  private dirty = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> | null = null;

  constructor(
    private readonly pool: pg.Pool,
    private readonly delayMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  write(itemId: string, content: string): void {
    this.dirty.set(itemId, content);
    if (!this.timer && !this.writing) this.timer = setTimeout(() => void this.flush(), this.delayMs);
  }

  /**
   * Drop a pending write and wait out one in flight: compaction is about to store
   * newer text, which an older write landing after it would overwrite.
   */
  async supersede(itemId: string): Promise<void> {
    this.dirty.delete(itemId);
    if (this.writing) await this.writing;
  }

  /** Write everything dirty now; resolves when it is committed (errors go to onError). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.writing) await this.writing;
    if (this.dirty.size === 0) return;
    const batch = this.dirty;
    this.dirty = new Map();
    this.writing = this.writeBatch(batch).finally(() => {
      this.writing = null;
      if (this.dirty.size > 0 && !this.timer) this.timer = setTimeout(() => void this.flush(), this.delayMs);
    });
    await this.writing;
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async writeBatch(batch: Map<string, string>): Promise<void> {
    try {
      await this.pool.query({ ...WRITE_CONTENTS, values: [[...batch.keys()], JSON.stringify([...batch.values()])] });
    } catch (error) {
      const translated = translateDatabaseError(error);
      // A passing outage: put back what was not rewritten since, so the next flush retries it.
      // Anything else (a malformed id) would fail forever, so that batch is dropped.
      if (translated instanceof DatabaseUnavailableError || translated instanceof QueryCanceledError) {
        for (const [itemId, content] of batch) if (!this.dirty.has(itemId)) this.dirty.set(itemId, content);
      }
      this.onError(translated);
    }
  }
}
