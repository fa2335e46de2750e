/**
 * What PostgreSQL holds for the document store, in memory: the items (their stored
 * state, its seq and the `content` column) and the update log with its one seq
 * counter. Several `MemoryDocumentStore`s on one storage are replicas on one
 * database; the storage outlives a store, so closing a store and opening another on
 * it is a restart.
 *
 * It keeps PostgreSQL's rules where the document store's callers can tell: an item
 * id that is not a UUID cannot be stored at all (the `uuid` column refuses it, and
 * with it the whole statement), an update for a missing item is refused
 * (the foreign key), deleting an item deletes its log (ON DELETE CASCADE), and the
 * column holds text as `storableText` makes it.
 */
import { randomUUID } from 'node:crypto';
import type { LoadedDocument, StoredUpdate } from './document-store';
import { mergeForCompaction } from './compaction-merge';
import { InvalidInputError, ItemNotFoundError } from './errors';
import { storableText } from './storable-text';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface StoredItem {
  state: Uint8Array | null;
  /** The highest log seq folded into `state` (workspace_items.yjs_state_seq). */
  stateSeq: bigint;
  content: string;
  /** The log rows not folded yet, seq → update, in seq order (appended in that order). */
  log: Map<bigint, Uint8Array>;
}

/** One update of an INSERT batch, and what became of it. */
export interface LogInsert {
  itemId: string;
  update: Uint8Array;
}
export type InsertOutcome = { seq: bigint } | { error: ItemNotFoundError };

export class MemoryDocumentStorage {
  private readonly items = new Map<string, StoredItem>();
  /** seq → item, for fetching rows by seq. */
  private readonly rowItems = new Map<bigint, string>();
  private seq = 0n;

  /** A new file item (the workspace_items row the store writes to); returns its id. */
  createItem(itemId: string = randomUUID(), content = ''): string {
    const id = key(itemId);
    this.items.set(id, { state: null, stateSeq: 0n, content: storableText(content), log: new Map() });
    return id;
  }

  /** Deletes the item and its log. */
  deleteItem(itemId: string): void {
    const item = this.items.get(itemId.toLowerCase());
    if (!item) return;
    for (const seq of item.log.keys()) this.rowItems.delete(seq);
    this.items.delete(itemId.toLowerCase());
  }

  /** The `content` column, or undefined for an unknown item. */
  content(itemId: string): string | undefined {
    return this.items.get(itemId.toLowerCase())?.content;
  }

  /** Log rows the item has not folded into its state. */
  logLength(itemId: string): number {
    return this.items.get(itemId.toLowerCase())?.log.size ?? 0;
  }

  /**
   * One multi-row INSERT: all or nothing for ids that cannot be stored (throws), and
   * per row for missing items (as PgDocumentStore retries a batch without them).
   */
  insert(batch: readonly LogInsert[]): InsertOutcome[] {
    for (const entry of batch) key(entry.itemId);
    return batch.map(({ itemId, update }) => {
      const item = this.items.get(itemId.toLowerCase());
      if (!item) return { error: new ItemNotFoundError(itemId) };
      const seq = ++this.seq;
      item.log.set(seq, update.slice());
      this.rowItems.set(seq, itemId.toLowerCase());
      return { seq };
    });
  }

  /** Stored state + the log tail, in one read (no compaction can come between). */
  load(itemId: string): LoadedDocument {
    const item = this.items.get(key(itemId));
    if (!item) return { state: null, updates: [], lastSeq: 0n };
    let lastSeq = item.stateSeq;
    const updates: Uint8Array[] = [];
    for (const [seq, update] of item.log) {
      if (seq > lastSeq) lastSeq = seq;
      updates.push(update.slice());
    }
    return { state: item.state ? item.state.slice() : null, updates, lastSeq };
  }

  /** compact-document.ts in one step: merge caller state, stored state and rows <= throughSeq; delete exactly the rows merged. */
  compact(itemId: string, state: Uint8Array, content: string, throughSeq: bigint): void {
    const item = this.items.get(key(itemId));
    // Deleted: its log went with it, nothing to fold.
    if (!item) return;
    const rows = [...item.log].filter(([seq]) => seq <= throughSeq).map(([seq, update]) => ({ seq, update }));
    const merged = mergeForCompaction(state, item.state, rows);
    for (const seq of merged.folded) {
      item.log.delete(seq);
      this.rowItems.delete(seq);
    }
    item.state = merged.state;
    if (item.stateSeq <= throughSeq) item.content = storableText(content);
    if (throughSeq > item.stateSeq) item.stateSeq = throughSeq;
  }

  fetch(seqs: readonly bigint[]): StoredUpdate[] {
    const rows: StoredUpdate[] = [];
    for (const seq of [...new Set(seqs)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
      const itemId = this.rowItems.get(seq);
      const update = itemId ? this.items.get(itemId)?.log.get(seq) : undefined;
      if (itemId && update) rows.push({ itemId, seq, update: update.slice() });
    }
    return rows;
  }

  /** The `content` column of one item; false when the id cannot be stored. Missing items match nothing. */
  writeContent(itemId: string, content: string): boolean {
    if (!UUID.test(itemId)) return false;
    const item = this.items.get(itemId.toLowerCase());
    if (item) item.content = storableText(content);
    return true;
  }
}

/** The id as the uuid column holds it; what it cannot hold fails the statement. */
function key(itemId: string): string {
  if (!UUID.test(itemId)) throw new InvalidInputError('invalid_input', `invalid input syntax for type uuid: "${itemId}"`);
  return itemId.toLowerCase();
}
