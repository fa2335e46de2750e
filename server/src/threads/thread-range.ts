/**
 * A thread's range as the client sent it (`ThreadRange`: client-made relative
 * positions, offsets, a line or lines) located in the server's text, and the anchor made
 * on it with `@tandem/anchors` (the quote and context read from the server's document,
 * never taken from the client). Pure over Yjs.
 *
 * Client positions the document has not received yet are `pending`: the caller waits
 * for them (a thread can arrive before the typing it is on), then gives up with
 * `range_not_synced`. Positions in no text of this file are `invalid_range`; a range
 * whose every character is gone, or that holds none, is `empty_range`.
 */
import { AnchorRangeError, createAnchor, LineIndex, resolveAnchors, type Anchor } from '@tandem/anchors';
import type { ThreadRange } from '@tandem/protocol';
import type * as Y from 'yjs';

export type ThreadRangeCode = 'invalid_range' | 'empty_range' | 'quote_too_long';

export class ThreadRangeError extends Error {
  override readonly name = 'ThreadRangeError';
  constructor(
    readonly code: ThreadRangeCode,
    message: string,
  ) {
    super(message);
  }
}

export type RangeLocation = { kind: 'located'; from: number; to: number } | { kind: 'pending' };

/** Where `range` is in `text` now; throws ThreadRangeError for a range that is not in it. */
export function locateRange(text: Y.Text, range: ThreadRange, content = text.toString()): RangeLocation {
  if ('start' in range) {
    const start = new Uint8Array(Buffer.from(range.start, 'base64'));
    const end = new Uint8Array(Buffer.from(range.end, 'base64'));
    const [resolved] = resolveAnchors(text, [{ start, end, quote: '' }], { synced: true, content });
    if (resolved!.state === 'pending') return { kind: 'pending' };
    if (resolved!.state === 'file-level') throw new ThreadRangeError('invalid_range', 'The positions are not in this file');
    if (resolved!.state === 'orphaned') throw new ThreadRangeError('empty_range', 'Every character of the range was deleted');
    return { kind: 'located', from: resolved!.from!, to: resolved!.to! };
  }
  if ('from' in range) {
    if (range.from > range.to || range.to > content.length) {
      throw new ThreadRangeError('invalid_range', `The range ${range.from}..${range.to} is not inside the file (0..${content.length})`);
    }
    return { kind: 'located', from: range.from, to: range.to };
  }
  const lines = new LineIndex(content);
  const [first, last] = 'line' in range ? [range.line, range.line] : [range.startLine, range.endLine];
  if (first > last || last > lines.lineCount) {
    throw new ThreadRangeError('invalid_range', `Lines ${first}..${last} are not in the file (1..${lines.lineCount})`);
  }
  const { from, to } = lines.lines(first, last);
  return { kind: 'located', from, to };
}

/** The anchor on `[from, to)` of `text` as it is now (createAnchor), its refusals as ThreadRangeError. */
export function anchorOn(text: Y.Text, from: number, to: number): Anchor {
  try {
    return createAnchor(text, from, to);
  } catch (err) {
    if (err instanceof AnchorRangeError) throw new ThreadRangeError(err.code === 'range_out_of_bounds' ? 'invalid_range' : err.code, err.message);
    throw err;
  }
}
