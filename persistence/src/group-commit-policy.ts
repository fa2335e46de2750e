/**
 * When the document store flushes its queue of appended updates, and how much of the
 * queue one flush takes. Pure: the store feeds it counts and clocks, and does the I/O.
 *
 * - A flush starts at most `windowMs` after the first update was queued, so an update
 *   waits at most the window plus one round trip before it is acknowledged.
 * - Only one flush is in flight at a time; the next batch accumulates meanwhile, so
 *   under load batches grow by themselves and the number of commits stays bounded.
 * - A batch is capped in updates and bytes (one huge INSERT would hold everyone up);
 *   a single update over the byte cap still goes, alone.
 */

export interface GroupCommitLimits {
  /** Longest wait after the first queued update, ms. 0 = as soon as the previous flush is done. */
  windowMs: number;
  maxBatchUpdates: number;
  maxBatchBytes: number;
}

export const DEFAULT_GROUP_COMMIT_LIMITS: GroupCommitLimits = {
  windowMs: 10,
  maxBatchUpdates: 2_000,
  maxBatchBytes: 8 * 1024 * 1024,
};

export interface QueueState {
  queuedUpdates: number;
  queuedBytes: number;
  flushInFlight: boolean;
  /** Time since the oldest queued update was appended, ms. */
  msSinceFirstQueued: number;
}

/** Whether the queue holds a full batch (then it need not wait out the window). */
export function isBatchFull(limits: GroupCommitLimits, queuedUpdates: number, queuedBytes: number): boolean {
  return queuedUpdates >= limits.maxBatchUpdates || queuedBytes >= limits.maxBatchBytes;
}

/**
 * Milliseconds until the next flush should start (0 = now), or null when there is
 * nothing to start: the queue is empty, or a flush is in flight (ask again when it ends).
 */
export function flushDelay(limits: GroupCommitLimits, state: QueueState): number | null {
  if (state.queuedUpdates === 0 || state.flushInFlight) return null;
  if (isBatchFull(limits, state.queuedUpdates, state.queuedBytes)) return 0;
  return Math.max(0, limits.windowMs - state.msSinceFirstQueued);
}

/**
 * How many updates, from the head of the queue, the next batch takes: as many as fit
 * the caps, and at least one when the queue is not empty.
 */
export function batchLength(limits: GroupCommitLimits, queued: number, byteLengthAt: (index: number) => number): number {
  const most = Math.min(queued, limits.maxBatchUpdates);
  let bytes = 0;
  for (let i = 0; i < most; i++) {
    bytes += byteLengthAt(i);
    if (bytes > limits.maxBatchBytes) return Math.max(1, i);
  }
  return most;
}
