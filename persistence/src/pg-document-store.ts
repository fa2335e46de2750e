/**
 * The PostgreSQL document store: the update log with group commit.
 *
 * `append` only queues; one flusher writes every queued update in a single INSERT
 * (see document-store-sql.ts) and resolves each promise with its seq once the
 * statement has committed. The batching decisions live in group-commit-policy.ts.
 * This path runs thousands of times a second, so it uses raw node-postgres on a
 * dedicated connection, a named (prepared) statement, a hand-built batch encoding
 * (append-batch.ts), and no per-update work beyond the queue entry.
 */
import { OffThreadMerge } from './off-thread-merge';
import pg from 'pg';
import type { Database } from './database';
import type { DocumentStore, DocumentStoreStats, LoadedDocument, StoredUpdate } from './document-store';
import { decodeAppendSeqs, encodeAppendBatch, type AppendBatchParams, type AppendBatchResult } from './append-batch';
import { compactDocument } from './compact-document';
import { ContentWriter } from './content-writer';
import { APPEND_BATCH, EXISTING_ITEMS, LOAD_DOCUMENT } from './document-store-sql';
import { REPLICA_ID_PATTERN, UPDATE_CHANNEL } from './notify-payload';
import { APPEND_BATCH_NOTIFY, FETCH_UPDATES } from './notify-sql';
import { DocumentStoreClosedError, ForeignKeyViolationError, ItemNotFoundError, translateDatabaseError } from './errors';
import { silentLogger, type PersistenceLogger } from './logger';
import { DEFAULT_GROUP_COMMIT_LIMITS, type GroupCommitLimits } from './group-commit-policy';
import { GroupCommitQueue, type QueuedUpdate } from './group-commit-queue';

export interface PgDocumentStoreOptions {
  /** Longest wait after the first queued update before a flush starts, ms (default 10; 0 = as soon as the previous flush is done). */
  groupCommitWindowMs?: number;
  /** Cap of one batch in updates (default 2,000). */
  maxBatchUpdates?: number;
  /** Cap of one batch in bytes (default 8 MiB; a larger single update goes alone). */
  maxBatchBytes?: number;
  /** Coalescing delay of content writes, ms (default 100). */
  contentFlushDelayMs?: number;
  /** Receives the errors that have no caller to reject (content writes). */
  log?: PersistenceLogger;
  /**
   * Announce every committed batch to the other replicas (NOTIFY on `channel`, default
   * `tandem_updates`; payload: notify-payload.ts), in the INSERT statement itself.
   */
  notify?: { replicaId: string; channel?: string };
}

type Row = [part: number, data: Uint8Array | null, seq: string];

export class PgDocumentStore implements DocumentStore {
  private readonly limits: GroupCommitLimits;
  private readonly content: ContentWriter;
  private readonly commits: GroupCommitQueue;
  private closed = false;
  /** Compactions merge on a worker thread, not on the event loop (off-thread-merge.ts). */
  private readonly merges = new OffThreadMerge();
  private appendClient: pg.PoolClient | null = null;
  private counters = { lastBatchSize: 0, lastCommitLagMs: 0, batches: 0 };
  private readonly log: PersistenceLogger;
  /** [$5 channel, $6 replica id] of the notifying INSERT, or null: the plain one. */
  private readonly notifyParams: [string, string] | null;

  constructor(
    private readonly db: Database,
    options: PgDocumentStoreOptions = {},
  ) {
    this.limits = {
      windowMs: options.groupCommitWindowMs ?? DEFAULT_GROUP_COMMIT_LIMITS.windowMs,
      maxBatchUpdates: options.maxBatchUpdates ?? DEFAULT_GROUP_COMMIT_LIMITS.maxBatchUpdates,
      maxBatchBytes: options.maxBatchBytes ?? DEFAULT_GROUP_COMMIT_LIMITS.maxBatchBytes,
    };
    this.commits = new GroupCommitQueue(this.limits, (batch, firstQueuedAt) => this.writeBatch(batch, firstQueuedAt));
    const log = (this.log = options.log ?? silentLogger);
    const notify = options.notify;
    if (notify && !REPLICA_ID_PATTERN.test(notify.replicaId)) throw new Error(`replica id ${JSON.stringify(notify.replicaId)} must match ${REPLICA_ID_PATTERN}`);
    this.notifyParams = notify ? [notify.channel ?? UPDATE_CHANNEL, notify.replicaId] : null;
    this.content = new ContentWriter(db.raw, options.contentFlushDelayMs ?? 100, (error, itemId) =>
      itemId ? log.error({ err: error, itemId }, 'the content column of this item could not be written') : log.warn({ err: error }, 'writing document contents failed'),
    );
  }

  async load(itemId: string): Promise<LoadedDocument> {
    try {
      const { rows } = await this.db.raw.query<Row>({ ...LOAD_DOCUMENT, values: [itemId], rowMode: 'array' });
      let state: Uint8Array | null = null;
      let lastSeq = 0n;
      const updates: Uint8Array[] = [];
      for (const [part, data, seq] of rows) {
        const rowSeq = BigInt(seq);
        if (rowSeq > lastSeq) lastSeq = rowSeq;
        if (part === 0) state = data;
        else updates.push(data!);
      }
      return { state, updates, lastSeq };
    } catch (error) {
      throw translateDatabaseError(error);
    }
  }

  append(itemId: string, update: Uint8Array): Promise<bigint> {
    if (this.closed) return Promise.reject(new DocumentStoreClosedError());
    return this.commits.append(itemId, update);
  }

  async compact(itemId: string, state: Uint8Array, content: string, throughSeq: bigint): Promise<void> {
    await this.content.supersede(itemId);
    await compactDocument(this.db.raw, this.log, itemId, state, content, throughSeq, (parts) => this.merges.merge(parts));
  }

  async fetchUpdates(seqs: readonly bigint[]): Promise<StoredUpdate[]> {
    if (seqs.length === 0) return [];
    try {
      const { rows } = await this.db.raw.query<[string, string, Uint8Array]>({ ...FETCH_UPDATES, values: [`{${seqs.join(',')}}`], rowMode: 'array' });
      return rows.map(([itemId, seq, update]) => ({ itemId, seq: BigInt(seq), update }));
    } catch (error) {
      throw translateDatabaseError(error);
    }
  }

  writeContent(itemId: string, content: string): void {
    if (!this.closed) this.content.write(itemId, content);
  }

  async flush(): Promise<void> {
    await this.commits.flush();
    await this.content.flush();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
    this.content.close();
    await this.merges.close();
    const client = this.appendClient;
    this.appendClient = null;
    client?.release();
  }

  stats(): DocumentStoreStats {
    return { pendingUpdates: this.commits.pending, ...this.counters, failedContentWrites: this.content.failures };
  }

  private async writeBatch(batch: QueuedUpdate[], firstQueuedAt: number): Promise<void> {
    try {
      await this.insert(batch);
    } catch (error) {
      const translated = translateDatabaseError(error);
      if (translated instanceof ForeignKeyViolationError) return this.retryWithoutDeletedItems(batch, translated);
      for (const entry of batch) entry.reject(translated);
      return;
    }
    this.counters.batches++;
    this.counters.lastBatchSize = batch.length;
    this.counters.lastCommitLagMs = performance.now() - firstQueuedAt;
  }

  /** INSERT the batch and resolve each entry with its seq; throws (untranslated) on failure. */
  private async insert(batch: QueuedUpdate[]): Promise<void> {
    const values = encodeAppendBatch(batch);
    const client = this.appendClient ?? (this.appendClient = await this.connectAppendClient());
    let result: pg.QueryResult<AppendBatchResult>;
    try {
      result = await this.runAppend(client, values);
    } catch (error) {
      // A broken connection is replaced for the next batch; a statement error leaves it usable.
      if (!(error instanceof pg.DatabaseError)) this.dropAppendClient(error);
      throw error;
    }
    const seqs = decodeAppendSeqs(result.rows[0]!, batch.length);
    for (let i = 0; i < batch.length; i++) batch[i]!.resolve(seqs[i]!);
  }

  private async runAppend(client: pg.PoolClient, values: AppendBatchParams): Promise<pg.QueryResult<AppendBatchResult>> {
    const plain = () => client.query<AppendBatchResult>({ ...APPEND_BATCH, values, rowMode: 'array' });
    if (!this.notifyParams) return plain();
    try {
      return await client.query<AppendBatchResult>({ ...APPEND_BATCH_NOTIFY, values: [...values, ...this.notifyParams], rowMode: 'array' });
    } catch (error) {
      // 54000 at commit: PostgreSQL's notification queue is full, because some listening
      // session stopped reading. Nothing was committed. Keeping edits durable matters more
      // than announcing them: other replicas see these rows when they next re-read.
      if (!(error instanceof pg.DatabaseError && error.code === '54000')) throw error;
      this.log.error({ err: error }, 'NOTIFY queue full: committing this batch without announcing it to other replicas');
      return plain();
    }
  }

  /**
   * Appends use one connection kept for the purpose: batches are sequential anyway,
   * and checking a client out of the pool per batch costs as much CPU as the INSERT.
   */
  private async connectAppendClient(): Promise<pg.PoolClient> {
    const client = await this.db.raw.connect();
    client.on('error', (error) => this.dropAppendClient(error));
    return client;
  }

  private dropAppendClient(error: unknown): void {
    const client = this.appendClient;
    this.appendClient = null;
    client?.release(error instanceof Error ? error : true);
  }

  /**
   * An item was deleted while its document was open: its updates have nowhere to go,
   * but the other documents in the batch must not pay for it. Reject the orphans, retry the rest once.
   */
  private async retryWithoutDeletedItems(batch: QueuedUpdate[], cause: ForeignKeyViolationError): Promise<void> {
    try {
      const ids = [...new Set(batch.map((entry) => entry.itemId))];
      const { rows } = await this.db.raw.query<[string]>({ ...EXISTING_ITEMS, values: [ids], rowMode: 'array' });
      const existing = new Set(rows.map(([id]) => id));
      const kept: QueuedUpdate[] = [];
      for (const entry of batch) {
        if (existing.has(entry.itemId.toLowerCase())) kept.push(entry);
        else entry.reject(new ItemNotFoundError(entry.itemId, cause));
      }
      if (kept.length > 0) await this.insert(kept);
      this.counters.batches++;
      this.counters.lastBatchSize = kept.length;
    } catch (error) {
      const translated = translateDatabaseError(error);
      // Entries already resolved or rejected ignore this.
      for (const entry of batch) entry.reject(translated);
    }
  }
}

