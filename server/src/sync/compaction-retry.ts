/**
 * What the hub does after a compaction failed (pure policy). The log still holds
 * every update, so nothing is lost; the questions are when to try again and when to
 * stop holding the document in memory for it.
 *
 * - Triggered by the update count, a failed document waits out a backoff before it
 *   is tried again, instead of re-running a failing transaction on every committed
 *   update of a busy document.
 * - Unloading tries once per unload delay; after UNLOAD_AFTER_FAILED_COMPACTIONS
 *   failures in a row the document unloads with its log uncompacted. Loading is
 *   state + log, so the next load has every acknowledged update, and compacts again.
 */
export const UNLOAD_AFTER_FAILED_COMPACTIONS = 3;
const FIRST_RETRY_MS = 1_000;
const LONGEST_RETRY_MS = 60_000;

/** How long after its `failures`-th failure in a row (1 or more) a document's compaction is due again, ms. */
export function compactionRetryDelayMs(failures: number): number {
  return Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, failures - 1));
}

/** Whether an idle document may unload although its log is not compacted. */
export function mayUnloadUncompacted(failures: number): boolean {
  return failures >= UNLOAD_AFTER_FAILED_COMPACTIONS;
}
