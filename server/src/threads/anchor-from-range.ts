/**
 * The anchor a new or re-attached thread gets, made on the server's live document: from
 * the client's range (thread-range.ts), or, to re-attach, where its quote is found again
 * (`findQuote`: exact, nearest the old line, then fuzzy). Client positions the document
 * has not received yet are waited for, up to RANGE_SYNC_WAIT_MS: a client may post a
 * comment on text it typed a moment ago, and its update may still be on the way (another
 * replica, a slow link).
 */
import { findQuote, type Anchor, type QuoteFacts } from '@tandem/anchors';
import { RANGE_SYNC_WAIT_MS, type ThreadRange } from '@tandem/protocol';
import type { LiveDocument } from '../context';
import { TEXT_NAME } from '../workspace/initial-document';
import { anchorOn, locateRange } from './thread-range';

/** How often a pending range is looked for again while waiting. */
const POLL_MS = 25;

export class RangeNotSyncedError extends Error {
  override readonly name = 'RangeNotSyncedError';
  readonly code = 'range_not_synced';
  constructor() {
    super(`The range's characters did not reach the server within ${RANGE_SYNC_WAIT_MS} ms: sync the document and try again`);
  }
}

export class QuoteNotFoundError extends Error {
  override readonly name = 'QuoteNotFoundError';
  readonly code = 'quote_not_found';
  constructor() {
    super("The thread's quote is nowhere in the file (not exactly, nor closely enough): give a range");
  }
}

export async function anchorFromRange(live: LiveDocument, range: ThreadRange, waitMs = RANGE_SYNC_WAIT_MS): Promise<Anchor> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    // Each read of `live.doc` integrates the client updates the room staged meanwhile
    // (sync/room.ts): polling it is how they arrive here; no document event fires for them.
    const text = live.doc.getText(TEXT_NAME);
    const at = locateRange(text, range);
    if (at.kind === 'located') return anchorOn(text, at.from, at.to);
    if (Date.now() >= deadline) throw new RangeNotSyncedError();
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Re-attach: the anchor where the quote is found again, or QuoteNotFoundError. */
export function anchorAtQuote(live: LiveDocument, facts: QuoteFacts): Anchor {
  const text = live.doc.getText(TEXT_NAME);
  const match = findQuote(text.toString(), facts);
  if (!match) throw new QuoteNotFoundError();
  return anchorOn(text, match.from, match.to);
}
