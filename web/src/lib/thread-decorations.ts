/**
 * What Monaco draws for each resolved thread, as plain decoration options (no Monaco
 * import: this is tested in Node). A highlight on the range, a bar in the gutter
 * (`linesDecorationsClassName`, as VS Code's comment glyph), a mark in the overview
 * ruler; `changed` and `orphaned` look different, resolved threads are dimmed. An
 * orphaned thread has no range left: a ghost glyph on the line where its code was.
 */
import type { ThreadView } from './thread-resolution';

/** monaco.editor.OverviewRulerLane.Right and TrackedRangeStickiness.NeverGrowsWhenTypingAtEdges (numeric enums). */
const RULER_RIGHT = 4;
const NEVER_GROWS = 1;

export interface DecorationRange {
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
}

export interface DecorationSpec {
  range: DecorationRange;
  options: {
    description: string;
    className?: string;
    linesDecorationsClassName?: string;
    isWholeLine?: boolean;
    stickiness: number;
    overviewRuler?: { color: string; position: number };
    hoverMessage?: { value: string };
  };
}

const RULER_COLOR: Record<string, string> = { anchored: '#e2c08d', changed: '#d19a66', orphaned: '#e06c75' };

/** The CSS modifier of a thread: its state, and whether it is resolved. */
export function threadClass(view: Pick<ThreadView, 'state' | 'thread'>): string {
  return `thread-${view.state}${view.thread.resolved ? ' thread-resolved' : ''}`;
}

export function threadDecorations(views: readonly ThreadView[]): DecorationSpec[] {
  const out: DecorationSpec[] = [];
  for (const view of views) {
    if (!view.range || view.endLine === null) continue;
    const mod = threadClass(view);
    const ruler = view.thread.resolved ? undefined : { color: RULER_COLOR[view.state] ?? '#888', position: RULER_RIGHT };
    if (view.state === 'orphaned') {
      out.push({
        range: { startLineNumber: view.range.startLineNumber, startColumn: 1, endLineNumber: view.range.startLineNumber, endColumn: 1 },
        options: { description: 'thread-ghost', linesDecorationsClassName: `thread-glyph thread-ghost ${mod}`, isWholeLine: true, stickiness: NEVER_GROWS, overviewRuler: ruler, hoverMessage: { value: 'A comment whose code was deleted' } },
      });
      continue;
    }
    out.push({ range: view.range, options: { description: 'thread-range', className: `thread-range ${mod}`, stickiness: NEVER_GROWS } });
    out.push({
      range: { startLineNumber: view.range.startLineNumber, startColumn: 1, endLineNumber: view.endLine, endColumn: 1 },
      options: { description: 'thread-glyph', linesDecorationsClassName: `thread-glyph ${mod}`, isWholeLine: true, stickiness: NEVER_GROWS, overviewRuler: ruler },
    });
  }
  return out;
}
