/**
 * The document store without PostgreSQL: the `DocumentStore` port over a
 * `MemoryDocumentStorage`, for the sync core's tests and anything else that wants
 * live documents without a database. It passes the contract suite PgDocumentStore
 * passes (document-store.contract.ts).
 *
 * Appends go through the same group-commit queue as PgDocumentStore's (group-commit-queue.ts): the appends of
 * one tick (or one window) become one batch, committed on a later macrotask, each
 * promise resolved with its seq once its batch committed; one batch at a time, and a
 * batch fails or commits as a whole (a missing item fails only its own updates).
 * `commitGate`, when given, is awaited before each batch commits: a test that holds
 * it holds every ack, and one that rejects it fails the batch with that error (the
 * database went away).
 */
import type { DocumentStore, DocumentStoreStats, LoadedDocument, StoredUpdate } from './document-store';
import { DocumentStoreClosedError } from './errors';
import { DEFAULT_GROUP_COMMIT_LIMITS } from './group-commit-policy';
import { GroupCommitQueue, type QueuedUpdate } from './group-commit-queue';
import type { MemoryDocumentStorage } from './memory-document-storage';

export interface MemoryDocumentStoreOptions {
  /** Longest wait after the first queued update before its batch commits, ms (default 0: the next macrotask). */
  groupCommitWindowMs?: number;
  /** Awaited before each batch commits; a rejection fails the batch with its error. */
  commitGate?: (batch: { itemId: string; bytes: number }[]) => Promise<void>;
}

export class MemoryDocumentStore implements DocumentStore {
  private readonly commits: GroupCommitQueue;
  private closed = false;
  private counters = { lastBatchSize: 0, lastCommitLagMs: 0, batches: 0, failedContentWrites: 0 };

  constructor(
    readonly storage: MemoryDocumentStorage,
    private readonly options: MemoryDocumentStoreOptions = {},
  ) {
    const limits = { ...DEFAULT_GROUP_COMMIT_LIMITS, windowMs: options.groupCommitWindowMs ?? 0 };
    this.commits = new GroupCommitQueue(limits, (batch, firstQueuedAt) => this.commit(batch, firstQueuedAt));
  }

  async load(itemId: string): Promise<LoadedDocument> {
    await Promise.resolve();
    return this.storage.load(itemId);
  }

  append(itemId: string, update: Uint8Array): Promise<bigint> {
    if (this.closed) return Promise.reject(new DocumentStoreClosedError());
    return this.commits.append(itemId, update);
  }

  async compact(itemId: string, state: Uint8Array, content: string, throughSeq: bigint): Promise<void> {
    await Promise.resolve();
    this.storage.compact(itemId, state, content, throughSeq);
  }

  async fetchUpdates(seqs: readonly bigint[]): Promise<StoredUpdate[]> {
    await Promise.resolve();
    return this.storage.fetch(seqs);
  }

  writeContent(itemId: string, content: string): void {
    if (this.closed) return;
    if (!this.storage.writeContent(itemId, content)) this.counters.failedContentWrites++;
  }

  async flush(): Promise<void> {
    await this.commits.flush();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  stats(): DocumentStoreStats {
    const { failedContentWrites, ...counters } = this.counters;
    return { pendingUpdates: this.commits.pending, ...counters, failedContentWrites };
  }

  private async commit(batch: QueuedUpdate[], firstQueuedAt: number): Promise<void> {
    let outcomes;
    try {
      await this.options.commitGate?.(batch.map((entry) => ({ itemId: entry.itemId, bytes: entry.update.byteLength })));
      // A macrotask, as a round trip is: appends made meanwhile wait for the next batch.
      await new Promise((resolve) => setImmediate(resolve));
      outcomes = this.storage.insert(batch);
    } catch (error) {
      for (const entry of batch) entry.reject(error);
      return;
    }
    this.counters.batches++;
    this.counters.lastBatchSize = batch.length;
    this.counters.lastCommitLagMs = performance.now() - firstQueuedAt;
    for (let i = 0; i < batch.length; i++) {
      const outcome = outcomes[i]!;
      if ('seq' in outcome) batch[i]!.resolve(outcome.seq);
      else batch[i]!.reject(outcome.error);
    }
  }
}
