/**
 * The bound on one document's size (`TANDEM_MAX_DOCUMENT_BYTES`, of encoded Yjs
 * state), checked on the hot path without encoding anything. Pure.
 *
 * The size is tracked as an upper bound: the last exact measure (an encoding the
 * server made anyway, e.g. for a compaction) plus GROWTH_FACTOR times the bytes of
 * every update applied since. An update adds about its own size to the state's
 * encoding, but not at most that: an update that deletes one character inside a
 * run splits it, and the state then encodes two items where it had one (deleting
 * every other character of a text, one update each, grows the state by 1.84 times
 * the updates' bytes, the worst pattern we found). Typing at the end adds far less
 * than its updates. While the bound plus GROWTH_FACTOR times an update's bytes
 * fits, the update is admitted with one comparison. Otherwise the document is
 * measured exactly (one encoding), only if it changed since the last measure (a
 * client that resends a refused update on every reconnect costs a comparison, not
 * an encoding), and the update is admitted when the exact size plus its own bytes
 * fits: what it adds, as near as can be told without applying it.
 */
export const GROWTH_FACTOR = 2;

export class DocumentSize {
  private measured = 0;
  private since = 0;

  constructor(
    readonly limit: number,
    /** The exact size: the encoded state's byte length (integrates what is staged). */
    private readonly measure: () => number,
  ) {}

  /** Whether an update of `bytes` keeps the document within the limit (measures exactly when the bound is over it). */
  admits(bytes: number): boolean {
    if (this.bound + GROWTH_FACTOR * bytes <= this.limit) return true;
    if (this.since > 0) this.measuredAs(this.measure());
    return this.measured + bytes <= this.limit;
  }

  /** An update of `bytes` was applied (or staged to be). */
  grew(bytes: number): void {
    this.since += GROWTH_FACTOR * bytes;
  }

  /** The state was just encoded at `bytes`, everything applied so far in it. */
  measuredAs(bytes: number): void {
    this.measured = bytes;
    this.since = 0;
  }

  /** The current upper bound, in bytes. */
  get bound(): number {
    return this.measured + this.since;
  }
}

/** A server-side write (`PUT /files`, a pulled-back file) would take the document past the limit. */
export class DocumentTooLargeError extends Error {
  readonly code = 'document_too_large';

  constructor(
    readonly itemId: string,
    readonly limit: number,
  ) {
    super(`the document would exceed ${limit} bytes (TANDEM_MAX_DOCUMENT_BYTES)`);
    this.name = 'DocumentTooLargeError';
  }
}
