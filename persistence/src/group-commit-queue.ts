/**
 * The queue both document stores group-commit their appends through: `append`
 * only queues; a flush starts when `group-commit-policy.ts` says so (at most the
 * window after the first queued update, at once for a full batch), one flush at a
 * time, and the store's `write` commits the batch and settles each entry's promise.
 */
import { batchLength, flushDelay, isBatchFull, type GroupCommitLimits } from './group-commit-policy';

export interface QueuedUpdate {
  itemId: string;
  update: Uint8Array;
  resolve: (seq: bigint) => void;
  reject: (error: unknown) => void;
}

/** Commits a batch and settles every entry (resolve with its seq, or reject); never throws. */
export type WriteBatch = (batch: QueuedUpdate[], firstQueuedAt: number) => Promise<void>;

export class GroupCommitQueue {
  private queue: QueuedUpdate[] = [];
  private queuedBytes = 0;
  private firstQueuedAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  private inFlight: Promise<void> | null = null;
  private inFlightCount = 0;

  constructor(
    private readonly limits: GroupCommitLimits,
    private readonly write: WriteBatch,
  ) {}

  /** Updates queued or being committed. */
  get pending(): number {
    return this.queue.length + this.inFlightCount;
  }

  append(itemId: string, update: Uint8Array): Promise<bigint> {
    return new Promise<bigint>((resolve, reject) => {
      if (this.queue.length === 0) this.firstQueuedAt = performance.now();
      this.queue.push({ itemId, update, resolve, reject });
      this.queuedBytes += update.byteLength;
      this.schedule();
    });
  }

  /** Resolves once everything queued so far is committed (or failed). */
  async flush(): Promise<void> {
    while (this.queue.length > 0 || this.inFlight) await (this.inFlight ?? this.startFlush());
  }

  private schedule(): void {
    // Fast path for the common append: a flush is already due, and no sooner.
    if (this.immediate || (this.timer && !isBatchFull(this.limits, this.queue.length, this.queuedBytes))) return;
    const delay = flushDelay(this.limits, {
      queuedUpdates: this.queue.length,
      queuedBytes: this.queuedBytes,
      flushInFlight: this.inFlight !== null,
      msSinceFirstQueued: performance.now() - this.firstQueuedAt,
    });
    if (delay === null) return;
    if (delay === 0) {
      // A full batch does not wait out the window. setImmediate, not a 0 ms timer:
      // appends made in the same tick still share the batch.
      this.cancelTimers();
      this.immediate = setImmediate(this.onTimer);
    } else {
      this.timer ??= setTimeout(this.onTimer, delay);
    }
  }

  private readonly onTimer = (): void => {
    this.timer = null;
    this.immediate = null;
    void this.startFlush();
  };

  private cancelTimers(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
  }

  private startFlush(): Promise<void> {
    this.cancelTimers();
    if (this.inFlight) return this.inFlight;
    const queue = this.queue;
    if (queue.length === 0) return Promise.resolve();
    const count = batchLength(this.limits, queue.length, (i) => queue[i]!.update.byteLength);
    const batch = count === queue.length ? queue : queue.slice(0, count);
    this.queue = count === queue.length ? [] : queue.slice(count);
    for (const entry of batch) this.queuedBytes -= entry.update.byteLength;
    const startedAt = this.firstQueuedAt;
    // Whatever stayed behind was queued before this flush began: it goes right after it.
    this.inFlightCount = batch.length;
    this.inFlight = this.write(batch, startedAt).finally(() => {
      this.inFlight = null;
      this.inFlightCount = 0;
      this.schedule();
    });
    return this.inFlight;
  }
}
