/**
 * One open file's threads, resolved against its live Y.Text with @tandem/anchors (the
 * same algorithm the server and every peer run), and turned into Monaco's 1-based lines
 * and columns. Threads of other files are left out; whole-file threads are `file-level`.
 * Before the provider synced every ranged thread is `pending`, never `orphaned`.
 */
import { LineIndex, resolveAnchors, type AnchorRef, type AnchorState } from '@tandem/anchors';
import type { Thread } from '@tandem/protocol';
import type * as Y from 'yjs';
import { base64ToBytes } from './base64-bytes';

export interface ThreadView {
  thread: Thread;
  state: AnchorState;
  /** The range now, UTF-16 offsets (null when pending or file-level; equal when orphaned). */
  from: number | null;
  to: number | null;
  /** Monaco's range now (the end one past the last character); null when pending or file-level. */
  range: { startLineNumber: number; startColumn: number; endLineNumber: number; endColumn: number } | null;
  /** The line of the range's last character (for an orphaned thread, where the code was). */
  endLine: number | null;
  /** What the range reads now, when `changed`. */
  current: string | null;
}

/** Decoded anchors, kept per thread object: a thread changes only by a new object from the server. */
const refs = new WeakMap<Thread, AnchorRef | null>();

function anchorRef(thread: Thread): AnchorRef | null {
  let ref = refs.get(thread);
  if (ref === undefined) {
    ref = thread.anchor ? { start: base64ToBytes(thread.anchor.start), end: base64ToBytes(thread.anchor.end), quote: thread.quote } : null;
    refs.set(thread, ref);
  }
  return ref;
}

/** How offsets become lines and text is read: a LineIndex over the content, or the editor's own model (no copy of a large file per pass). */
export interface TextAccess {
  positionAt(offset: number): { line: number; column: number };
  endLine(from: number, to: number): number;
  read(from: number, to: number): string;
}

export function lineIndexAccess(content: string): TextAccess {
  let lines: LineIndex | null = null;
  const index = () => (lines ??= new LineIndex(content));
  return { positionAt: (o) => index().position(o), endLine: (f, t) => index().endLine(f, t), read: (f, t) => content.slice(f, t) };
}

export function resolveThreads(text: Y.Text, threads: readonly Thread[], itemId: string, synced: boolean, access?: TextAccess): ThreadView[] {
  const mine = threads.filter((t) => t.itemId === itemId);
  const ranged = mine.filter((t) => anchorRef(t) !== null);
  // Without an access, the anchors read the text from its items (no toString of the whole file).
  const resolutions = resolveAnchors(text, ranged.map((t) => anchorRef(t)!), { synced });
  const byThread = new Map(ranged.map((t, i) => [t, resolutions[i]!]));
  let at = access;
  return mine.map((thread): ThreadView => {
    const r = byThread.get(thread);
    if (!r || r.from === null || r.to === null) return { thread, state: r?.state ?? 'file-level', from: null, to: null, range: null, endLine: null, current: null };
    at ??= lineIndexAccess(text.toString());
    const start = at.positionAt(r.from);
    const end = at.positionAt(r.to);
    return {
      thread,
      state: r.state,
      from: r.from,
      to: r.to,
      range: { startLineNumber: start.line, startColumn: start.column, endLineNumber: end.line, endColumn: end.column },
      endLine: at.endLine(r.from, r.to),
      current: r.state === 'changed' ? at.read(r.from, r.to) : null,
    };
  });
}
