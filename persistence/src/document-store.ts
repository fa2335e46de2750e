/**
 * The port through which the sync server persists Yjs documents. A document is keyed
 * by its workspace item id. Every accepted update is appended to a log (group
 * commit), and now and then the server folds the log into a full state (compaction).
 *
 * Implementations must pass `document-store.contract.ts`: PgDocumentStore (PostgreSQL)
 * and MemoryDocumentStore (memory, for tests of the sync core) both run it.
 */

export interface LoadedDocument {
  /** The compacted state (a Yjs update encoding the whole document), or null if never compacted. */
  state: Uint8Array | null;
  /** The log after the state, oldest first. Applying state then updates rebuilds the document. */
  updates: Uint8Array[];
  /** The highest log seq reflected by `state` + `updates` (0n for an empty or unknown item). */
  lastSeq: bigint;
}

/** One row of the update log. */
export interface StoredUpdate {
  itemId: string;
  seq: bigint;
  update: Uint8Array;
}

export interface DocumentStoreStats {
  /** Appended but not yet committed (queued + in flight). */
  pendingUpdates: number;
  /** Updates in the last committed batch. */
  lastBatchSize: number;
  /** From the first update of the last batch being appended to its commit, ms. */
  lastCommitLagMs: number;
  /** Batches committed since start. */
  batches: number;
  /** Items whose `content` column write was refused since start (outages excluded: those are retried). */
  failedContentWrites: number;
}

export interface DocumentStore {
  /** Stored state (null if never compacted) + the log tail after it, in order. An unknown item loads empty. */
  load(itemId: string): Promise<LoadedDocument>;
  /**
   * Append one accepted update. Resolves with its log seq once COMMITTED (group
   * commit); rejects if its batch failed (nothing is acknowledged that is not durable),
   * with `ItemNotFoundError` if the item is gone, `DocumentStoreClosedError` after close.
   */
  append(itemId: string, update: Uint8Array): Promise<bigint>;
  /**
   * Fold the log into the stored state, in one transaction that locks the item: store
   * the MERGE of `state`, the stored state and the log rows with seq <= throughSeq,
   * then delete exactly those rows. So whatever the caller has seen, nothing another
   * store instance (replica) appended or compacted is lost. The plain text becomes
   * `content` unless a compaction through a later seq stored newer text.
   */
  compact(itemId: string, state: Uint8Array, content: string, throughSeq: bigint): Promise<void>;
  /**
   * The log rows with these seqs, in seq order, for replicas told of them by a
   * notification. Rows compacted meanwhile are missing: their content is in the
   * stored state (`load`).
   */
  fetchUpdates(seqs: readonly bigint[]): Promise<StoredUpdate[]>;
  /**
   * Keep `workspace_items.content` current; batched (one statement for all dirty items
   * per flush). The column gets the text with NUL and lone surrogates as U+FFFD
   * (PostgreSQL `text` refuses them; storable-text.ts); one item's failed write never
   * holds back another's.
   */
  writeContent(itemId: string, content: string): void;
  /** Commit everything pending (appends and content), e.g. before shutdown. */
  flush(): Promise<void>;
  /** Flush, then refuse further appends. Does not close the database handle it was given. */
  close(): Promise<void>;
  stats(): DocumentStoreStats;
}
