/**
 * Accepted updates into the log. Per update: counted against the unsaved budget
 * (unsaved-budget.ts) until its commit settles, appended (the store group-commits),
 * and once committed acknowledged to its sender (commit-acks.ts) and counted towards
 * compaction. Nothing here waits: relaying happened before, acks wait for the commit.
 *
 * Nothing is acknowledged that is not committed. An update whose commit fails leaves
 * its room's document holding what the log does not: kept, it would outlive the
 * failure as a lie (a client reconnecting syncs against it, has nothing to send back,
 * and takes its edit for saved; a restart would lose it). So the room goes,
 * uncompacted, and every client of it is closed (4502 when the database is away):
 * each one, on reconnecting, sends what the log lacks to the document loaded afresh.
 * While the database is known to be away, or the budget is spent, updates are
 * refused before they are relayed (`saveRefusal`, `serverWriteRefusal`).
 */
import { CloseCode } from '@tandem/protocol';
import { DatabaseUnavailableError, ItemNotFoundError, type DocumentStore } from '@tandem/persistence';
import type { DatabaseStatus } from '../context';
import type { Logger } from '../logger';
import type { CommitAcks } from './commit-acks';
import type { Room } from './room';
import type { SyncConnection } from './sync-connection';
import type { SyncMetrics } from './sync-metrics';
import { UnsavedLimitError, type UnsavedBudget } from './unsaved-budget';

/** Why an update cannot be saved now: the close code and reason its sender gets, and the metrics kind. */
export interface SaveRefusal {
  code: number;
  reason: string;
  kind: string;
}

const REFUSED = {
  databaseAway: { code: CloseCode.DATABASE_UNAVAILABLE, reason: 'the database is unavailable: nothing can be saved now', kind: 'database-unavailable' },
  unsavedLimit: { code: CloseCode.UNSAVED_LIMIT, reason: 'the server holds too many unsaved updates: reconnect later', kind: 'unsaved-limit' },
} as const satisfies Record<string, SaveRefusal>;

export interface UpdateAcceptorOptions {
  store: Pick<DocumentStore, 'append'>;
  database: DatabaseStatus;
  unsaved: UnsavedBudget;
  acks: Pick<CommitAcks, 'committed'>;
  metrics: Pick<SyncMetrics, 'updatesIn' | 'errors'>;
  log: Logger;
  /** The document changed (the executor's announcement, the content flush). */
  changed(room: Room): void;
  /** One of the room's updates committed (compaction when due). */
  committed(room: Room): void;
  /** Close the room's clients with this code and forget it, persisting nothing. */
  evict(room: Room, code: number, reason: string): void;
}

export class UpdateAcceptor {
  constructor(private readonly options: UpdateAcceptorOptions) {}

  /** Why a client update of `bytes` cannot be taken now (the database is away, too much is unsaved), or null. */
  saveRefusal(bytes: number): SaveRefusal | null {
    if (!this.options.database.available) return REFUSED.databaseAway;
    return this.options.unsaved.allows(bytes) ? null : REFUSED.unsavedLimit;
  }

  /** Why a server-side write cannot be made now, as the error to throw, or null; checked before the document changes. */
  serverWriteRefusal(): Error | null {
    if (!this.options.database.available) return new DatabaseUnavailableError('database_unavailable', 'the database is unavailable');
    const { unsaved } = this.options;
    return unsaved.exhausted ? new UnsavedLimitError(unsaved.limitBytes) : null;
  }

  /**
   * Append an accepted update (a copy the log may keep) of `room`. `from` is the client
   * that sent it, or null for a server-side write, whose promise rejects when the
   * commit fails (a client's never does: its connection is closed instead).
   */
  accept(room: Room, from: SyncConnection | null, update: Uint8Array): Promise<void> {
    const options = this.options;
    options.metrics.updatesIn.inc();
    const bytes = update.byteLength;
    options.unsaved.take(bytes);
    room.pendingAppends++;
    room.updatesSinceCompaction++;
    options.changed(room);
    return options.store.append(room.itemId, update).then(
      (seq) => {
        options.unsaved.release(bytes);
        room.appendSettled();
        if (seq > room.lastSeq) room.lastSeq = seq;
        if (from) options.acks.committed(from);
        options.committed(room);
      },
      (error: unknown) => {
        options.unsaved.release(bytes);
        room.appendSettled();
        options.metrics.errors.inc({ kind: 'append' });
        // Never ack what is not durable: its client keeps the update and resends it on reconnect.
        this.persistFailed(room, error);
        if (!from) throw error;
      },
    );
  }

  private persistFailed(room: Room, error: unknown): void {
    const { database, log, evict } = this.options;
    const unavailable = error instanceof DatabaseUnavailableError;
    if (unavailable) database.suspect();
    if (room.detached) return;
    if (unavailable) log.warn({ err: error, itemId: room.itemId }, 'the database is unavailable: closing the clients of this document (4502)');
    else log.error({ err: error, itemId: room.itemId }, 'update could not be persisted: closing the clients of this document');
    if (error instanceof ItemNotFoundError) return evict(room, CloseCode.NOT_FOUND, 'item deleted');
    evict(room, unavailable ? CloseCode.DATABASE_UNAVAILABLE : CloseCode.INTERNAL, 'update could not be persisted');
  }
}
