/**
 * The bound on what the server holds that the database has not committed yet
 * (TANDEM_MAX_UNSAVED_BYTES): every accepted update from its append to its commit or
 * failure. A slow or hung database then costs a fixed amount of memory however long
 * it lasts, and the group commit's queue cannot grow without end; past the bound, an
 * editor's next update is refused (4504 UNSAVED_LIMIT, HTTP 503 `unsaved_limit`),
 * not relayed, and stays with its client, which resends it when it reconnects. Pure.
 */
export class UnsavedBudget {
  private heldBytes = 0;
  private heldUpdates = 0;

  constructor(readonly limitBytes: number) {}

  /** Whether an update of `bytes` may be accepted now. One larger than the whole budget still goes when nothing is held. */
  allows(bytes: number): boolean {
    return this.heldUpdates === 0 || this.heldBytes + bytes <= this.limitBytes;
  }

  /** Nothing more fits (for server-side writes, whose size is known only once made). */
  get exhausted(): boolean {
    return this.heldBytes >= this.limitBytes;
  }

  take(bytes: number): void {
    this.heldBytes += bytes;
    this.heldUpdates++;
  }

  /** The update committed or failed. */
  release(bytes: number): void {
    this.heldBytes -= bytes;
    this.heldUpdates--;
  }

  get bytes(): number {
    return this.heldBytes;
  }

  get updates(): number {
    return this.heldUpdates;
  }
}

/** A server-side write (HTTP PUT, a file a command changed) found the budget exhausted. */
export class UnsavedLimitError extends Error {
  override readonly name = 'UnsavedLimitError';
  readonly code = 'unsaved_limit';

  constructor(limitBytes: number) {
    super(`the server already holds ${limitBytes} bytes of changes the database has not saved yet; retry shortly`);
  }
}
