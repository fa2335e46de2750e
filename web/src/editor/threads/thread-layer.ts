/**
 * The threads of one open file, live: resolved against the Y.Text after each change
 * (batched to one pass per animation frame), drawn as Monaco decorations. Kept out of
 * React so a keystroke costs one resolve and one `set` of the decorations, not a render;
 * the widgets hear of a new placement only when a thread's state or lines changed.
 */
import type { Thread } from '@tandem/protocol';
import type * as Y from 'yjs';
import { threadDecorations, type DecorationSpec } from '../../lib/thread-decorations';
import { resolveThreads, type TextAccess, type ThreadView } from '../../lib/thread-resolution';
import type { monaco } from '../monaco';

export interface ThreadLayerSource {
  editor: monaco.editor.IStandaloneCodeEditor;
  text: Y.Text;
  itemId: string;
  isSynced(): boolean;
}

/** What a widget shows of a view (typing on another line changes offsets, not this): it re-renders only when this changes. */
export const viewSignature = (v: ThreadView) => {
  const r = v.range;
  return `${v.thread.id}:${v.thread.updatedAt}:${v.state}:${r ? `${r.startLineNumber}.${r.startColumn}-${r.endLineNumber}.${r.endColumn}` : ''}:${v.endLine}:${v.current}`;
};

export class ThreadLayer {
  private threads: readonly Thread[] = [];
  private views: ThreadView[] = [];
  private frame: number | null = null;
  private readonly decorations: monaco.editor.IEditorDecorationsCollection;
  private readonly listeners = new Set<(views: ThreadView[]) => void>();
  private lastSignature = '';
  private passes = 0;
  private lastOptions = '';

  constructor(private readonly source: ThreadLayerSource) {
    this.decorations = source.editor.createDecorationsCollection();
    source.text.observe(this.schedule);
  }

  setThreads(threads: readonly Thread[]): void {
    this.threads = threads;
    this.schedule();
  }

  /** Also after the provider synced: pending threads resolve. */
  schedule = (): void => {
    if (this.frame === null) this.frame = requestAnimationFrame(() => this.update());
  };

  /** One pass: resolve every thread of this file, redraw, tell the widgets if placements moved. */
  update(): void {
    this.frame = null;
    const started = performance.now();
    const model = this.source.editor.getModel();
    this.views = resolveThreads(this.source.text, this.threads, this.source.itemId, this.source.isSynced(), model ? modelAccess(model) : undefined);
    const specs = threadDecorations(this.views);
    // Monaco moves decorations with the text itself; set them only when ours differ from where it has them.
    const options = specs.map((d) => `${d.options.className}|${d.options.linesDecorationsClassName}`).join(',');
    if (options !== this.lastOptions || !sameRanges(this.decorations.getRanges(), specs)) {
      this.decorations.set(specs as monaco.editor.IModelDeltaDecoration[]);
      this.lastOptions = options;
    }
    const sig = this.views.map(viewSignature).join('|');
    const ms = performance.now() - started;
    // For `npm run bench:threads` (and a look in devtools): how long the last pass took.
    const host = this.source.editor.getContainerDomNode();
    host.dataset['threadPassMs'] = ms.toFixed(3);
    host.dataset['threadPasses'] = String(++this.passes);
    if (sig !== this.lastSignature) {
      this.lastSignature = sig;
      for (const l of this.listeners) l(this.views);
    }
  }

  current(): ThreadView[] {
    return this.views;
  }

  onViews(listener: (views: ThreadView[]) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Where Monaco has the highlights now (its own tracking, not our numbers): what the tests read. */
  highlightRanges(): monaco.IRange[] {
    const model = this.source.editor.getModel();
    return model ? model.getAllDecorations().filter((d) => d.options.className?.startsWith('thread-range') === true).map((d) => d.range) : [];
  }

  destroy(): void {
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.source.text.unobserve(this.schedule);
    this.decorations.clear();
    this.listeners.clear();
  }
}

/** The model already indexes its lines (y-monaco applied the change to it before this frame). */
function modelAccess(model: monaco.editor.ITextModel): TextAccess {
  const positionAt = (offset: number) => {
    const p = model.getPositionAt(offset);
    return { line: p.lineNumber, column: p.column };
  };
  return {
    positionAt,
    endLine: (from, to) => positionAt(to > from ? to - 1 : to).line,
    read: (from, to) => {
      const a = model.getPositionAt(from);
      const b = model.getPositionAt(to);
      return model.getValueInRange({ startLineNumber: a.lineNumber, startColumn: a.column, endLineNumber: b.lineNumber, endColumn: b.column });
    },
  };
}

function sameRanges(have: readonly monaco.IRange[], want: readonly DecorationSpec[]): boolean {
  if (have.length !== want.length) return false;
  for (let i = 0; i < want.length; i++) {
    const a = have[i]!;
    const b = want[i]!.range;
    if (a.startLineNumber !== b.startLineNumber || a.startColumn !== b.startColumn || a.endLineNumber !== b.endLineNumber || a.endColumn !== b.endColumn) return false;
  }
  return true;
}
