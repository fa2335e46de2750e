/**
 * A comment's anchor: where on the code a thread sits, kept outside the document (in
 * PostgreSQL), so commenting needs no write access to the code.
 *
 * The range is two Yjs relative positions: the start bound to the first character
 * (assoc 0), the end to the last (assoc -1). Text typed at either edge therefore stays
 * outside the range, text typed inside grows it, and every peer resolves the same range
 * from the same document state, however the edits interleaved. The quote, its context and
 * the line/column at creation are what re-attaching searches for once the code itself
 * was deleted (cut and paste is a delete), and what a thread shows when it is orphaned.
 */
import * as Y from 'yjs';
import { LineIndex } from './line-index';

/** Characters of context kept on each side of the quote: enough to tell repeated code apart. */
export const CONTEXT_CHARS = 64;
/** The longest quote an anchor keeps (a thread on more is refused: name it, do not truncate silently). */
export const MAX_QUOTE_CHARS = 20_000;

export interface Anchor {
  /** `Y.encodeRelativePosition` of the start (assoc 0: the first character of the range). */
  start: Uint8Array;
  /** `Y.encodeRelativePosition` of the end (assoc -1: the last character of the range). */
  end: Uint8Array;
  /** The text of the range when the anchor was made. */
  quote: string;
  /** Up to CONTEXT_CHARS before and after the range. */
  prefix: string;
  suffix: string;
  /** Where the range was when made: 1-based, the end on its last character's line. */
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export class AnchorRangeError extends Error {
  constructor(
    readonly code: 'empty_range' | 'range_out_of_bounds' | 'quote_too_long',
    message: string,
  ) {
    super(message);
    this.name = 'AnchorRangeError';
  }
}

/** An anchor on `[from, to)` of `text` as it is now; `from < to` (an empty range could not hold a character). */
export function createAnchor(text: Y.Text, from: number, to: number): Anchor {
  const content = text.toString();
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > content.length || from > to) {
    throw new AnchorRangeError('range_out_of_bounds', `The range ${from}..${to} is not inside the file (0..${content.length})`);
  }
  if (from === to) throw new AnchorRangeError('empty_range', 'A comment needs at least one character of code (or none: a whole-file thread)');
  if (to - from > MAX_QUOTE_CHARS) throw new AnchorRangeError('quote_too_long', `A comment's range may hold at most ${MAX_QUOTE_CHARS} characters`);
  const lines = new LineIndex(content);
  const start = lines.position(from);
  const last = lines.position(to - 1);
  return {
    start: Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, from, 0)),
    end: Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, to, -1)),
    quote: content.slice(from, to),
    prefix: content.slice(Math.max(0, from - CONTEXT_CHARS), from),
    suffix: content.slice(to, to + CONTEXT_CHARS),
    startLine: start.line,
    startColumn: start.column,
    endLine: last.line,
    endColumn: last.column + 1,
  };
}
