/**
 * What the thread widgets do that touches the document: a range from the selection
 * (the client's own relative positions, exact even while others type), and applying a
 * suggestion locally as one undoable edit before the server records it.
 */
import { createAnchor } from '@tandem/anchors';
import type { Thread, ThreadComment, ThreadRange } from '@tandem/protocol';
import type * as Y from 'yjs';
import { bytesToBase64 } from '../../lib/base64-bytes';
import { ApiError } from '../../lib/errors';
import { applySuggestionSteps, suggestionSteps } from '../../lib/suggestion-edit';
import { threadApi } from '../../lib/thread-api';
import { resolveThreads } from '../../lib/thread-resolution';
import type { monaco } from '../monaco';

export interface Selected {
  range: ThreadRange;
  from: number;
  to: number;
  quote: string;
  /** The line the new thread's widget goes under. */
  endLine: number;
}

/** The selection, or the cursor's whole line when nothing is selected: null when that holds no character. */
export function selectedRange(editor: monaco.editor.IStandaloneCodeEditor, text: Y.Text): Selected | null {
  const model = editor.getModel();
  const sel = editor.getSelection();
  if (!model || !sel) return null;
  let from = model.getOffsetAt(sel.getStartPosition());
  let to = model.getOffsetAt(sel.getEndPosition());
  if (from === to) {
    const line = sel.startLineNumber;
    from = model.getOffsetAt({ lineNumber: line, column: 1 });
    to = line < model.getLineCount() ? model.getOffsetAt({ lineNumber: line + 1, column: 1 }) : model.getValueLength();
  }
  if (from >= to) return null;
  const anchor = createAnchor(text, from, to);
  return { range: { start: bytesToBase64(anchor.start), end: bytesToBase64(anchor.end) }, from, to, quote: anchor.quote, endLine: anchor.endLine };
}

export interface ApplyContext {
  workspaceId: string;
  itemId: string;
  text: Y.Text;
  ownEdit(change: () => void): void;
  whenSaved(timeoutMs: number): Promise<boolean>;
}

export class ApplyProblem extends Error {
  override readonly name = 'ApplyProblem';
}

/**
 * Anchored (or `force`, over changed text): the edit here, as one own-undo step; then,
 * once the server has it, POST apply-suggestion, which finds the range already reading
 * as suggested and only records it. What cannot stay anchored after a local edit (a
 * one-character range growing, an empty suggestion) is applied by the server instead.
 */
export async function applySuggestionHere(ctx: ApplyContext, thread: Thread, comment: ThreadComment, force: boolean): Promise<Thread> {
  const suggestion = comment.suggestion ?? '';
  const [view] = resolveThreads(ctx.text, [thread], ctx.itemId, true);
  if (!view || view.from === null || view.to === null || view.state === 'orphaned') throw new ApplyProblem('The code this suggestion was for is gone: re-attach the thread first.');
  const current = ctx.text.toString().slice(view.from, view.to);
  if (view.state === 'changed' && !force && current !== suggestion) throw new ApplyProblem('The code changed since the comment.');
  const steps = suggestionSteps(view.from, current, suggestion);
  if (steps && steps.length > 0) {
    ctx.ownEdit(() => applySuggestionSteps(ctx.text, steps));
    // The server must read the new text before it is asked, or it would apply it a second time.
    if (!(await ctx.whenSaved(5_000))) throw new ApplyProblem('Applied here, but the server has not confirmed the edit yet: press Apply again to record it.');
  }
  return threadApi.applySuggestion(ctx.workspaceId, thread.id, comment.id, force || view.state === 'changed');
}

export const isQuoteNotFound = (e: unknown) => e instanceof ApiError && e.code === 'quote_not_found';
