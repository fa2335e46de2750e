/**
 * The state of each thread of one file, computed from the server's document with
 * `@tandem/anchors` (`resolveAnchors`, synced: the server holds every committed update):
 * the same answer every peer computes. Pure over Yjs.
 *
 * A thread is `file-level` when its file is gone (deleted, or re-created: a new item is a
 * new document), when it is on the whole file, or when the document does not hold its
 * positions (it cannot be pending on the server, which has every update that was
 * accepted; a rebuilt document never will hold them).
 */
import { LineIndex, resolveAnchors, type AnchorState } from '@tandem/anchors';
import type * as Y from 'yjs';

export interface ThreadView {
  state: Exclude<AnchorState, 'pending'>;
  from: number | null;
  to: number | null;
  startLine: number | null;
  endLine: number | null;
  /** The range's text now, when `changed`. */
  currentText: string | null;
}

export const FILE_LEVEL: ThreadView = { state: 'file-level', from: null, to: null, startLine: null, endLine: null, currentText: null };

/** What a view needs of a thread (a ThreadRow has it): its encoded positions, null for a whole-file thread, and its quote. */
export interface Anchored {
  anchorStart: Uint8Array | null;
  anchorEnd: Uint8Array | null;
  quote: string;
}

/** The views of `threads`, all on the file whose text is `text` (null: the file is gone). */
export function threadViews(text: Y.Text | null, threads: readonly Anchored[]): ThreadView[] {
  if (text === null) return threads.map(() => FILE_LEVEL);
  const positioned = threads.flatMap((t, i) => (t.anchorStart && t.anchorEnd ? [{ i, start: t.anchorStart, end: t.anchorEnd, quote: t.quote }] : []));
  const views: ThreadView[] = threads.map(() => FILE_LEVEL);
  if (positioned.length === 0) return views;
  const content = text.toString();
  const resolutions = resolveAnchors(text, positioned, { synced: true, content });
  let lines: LineIndex | undefined;
  positioned.forEach(({ i }, k) => {
    const r = resolutions[k]!;
    if (r.state === 'pending' || r.state === 'file-level') return;
    lines ??= new LineIndex(content);
    const from = r.from!;
    const to = r.to!;
    views[i] = {
      state: r.state,
      from,
      to,
      startLine: lines.position(from).line,
      endLine: lines.endLine(from, to),
      currentText: r.state === 'changed' ? content.slice(from, to) : null,
    };
  });
  return views;
}
