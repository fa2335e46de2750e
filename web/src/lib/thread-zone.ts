/**
 * Where a thread's widget goes: a Monaco view zone after the line its range ends on (as
 * VS Code's comment widget), after the line where an orphaned thread's code was, at the
 * top of the file (after line 0) for a file-level one; none while pending.
 */
import type { ThreadView } from './thread-resolution';

export function zoneAfterLine(view: Pick<ThreadView, 'state' | 'range' | 'endLine'>): number | null {
  if (view.state === 'pending') return null;
  if (view.state === 'file-level' || !view.range || view.endLine === null) return 0;
  if (view.state === 'orphaned') return view.range.startLineNumber;
  return view.endLine;
}
