/**
 * Keeps `workspace_items.content` current for readers that are not Yjs clients (the
 * REST file API, the executor). Writes are coalesced per item (only the latest text
 * matters) and flushed for all dirty items in one statement.
 *
 * The text is stored as `storableText` makes it (NUL and lone surrogates as U+FFFD),
 * so no document's text can make the statement fail. Should it fail anyway for a
 * reason that is not an outage, the batch is written again one item at a time: one
 * document's failure never holds back another's column. An item whose own write
 * fails is counted (`failures`), reported with its id, and dropped; its document is
 * unaffected (the text is a copy) and its next edit or compaction writes it again.
 */
import type pg from 'pg';
import { DatabaseUnavailableError, QueryCanceledError, translateDatabaseError } from './errors';
import { WRITE_CONTENTS } from './document-store-sql';
import { storableText } from './storable-text';

/** Where a failed write is reported: `itemId` when one item's own write failed, none for a whole batch put back. */
export type ContentWriteFailed = (error: unknown, itemId?: string) => void;

/** What the writer needs of a pool: one query at a time. */
export type ContentQueryable = Pick<pg.Pool, 'query'>;

export class ContentWriter {
  private dirty = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> | null = null;
  /** Items whose text could not be stored (not counting outages, which are retried). */
  failures = 0;

  constructor(
    private readonly pool: ContentQueryable,
    private readonly delayMs: number,
    private readonly onError: ContentWriteFailed,
  ) {}

  write(itemId: string, content: string): void {
    this.dirty.set(itemId, storableText(content));
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
    const failed = await this.attempt(batch);
    if (!failed) return;
    if (isPassing(failed.error)) return this.putBack(batch, failed.error);
    if (batch.size === 1) return this.giveUp([...batch.keys()][0]!, failed.error);
    // Something in the batch PostgreSQL refuses: find it by writing each item alone.
    const entries = [...batch];
    for (let i = 0; i < entries.length; i++) {
      const [itemId, content] = entries[i]!;
      const alone = await this.attempt(new Map([[itemId, content]]));
      if (!alone) continue;
      if (isPassing(alone.error)) return this.putBack(new Map(entries.slice(i)), alone.error);
      this.giveUp(itemId, alone.error);
    }
  }

  /** One statement for the batch: null once committed, else the (translated) error. */
  private async attempt(batch: Map<string, string>): Promise<{ error: unknown } | null> {
    try {
      await this.pool.query({ ...WRITE_CONTENTS, values: [[...batch.keys()], JSON.stringify([...batch.values()])] });
      return null;
    } catch (error) {
      return { error: translateDatabaseError(error) };
    }
  }

  /** A passing outage: put back what was not rewritten since, so the next flush retries it. */
  private putBack(batch: Map<string, string>, error: unknown): void {
    for (const [itemId, content] of batch) if (!this.dirty.has(itemId)) this.dirty.set(itemId, content);
    this.onError(error);
  }

  private giveUp(itemId: string, error: unknown): void {
    this.failures++;
    this.onError(error, itemId);
  }
}

function isPassing(error: unknown): boolean {
  return error instanceof DatabaseUnavailableError || error instanceof QueryCanceledError;
}
