/**
 * Applying a comment's suggested replacement to the live document: ONE server-side Yjs
 * transaction (origin names the user) that replaces exactly the thread's range, when
 * the range still reads as quoted, or, with `force`, whatever it reads now. Otherwise
 * the caller gets the three texts to choose between (`SuggestionConflict`): never
 * "outdated, cannot apply".
 *
 * Within the range the replacement is the minimal diff (sync/text-diff.ts), as for every
 * server-side rewrite: characters the suggestion keeps stay the same Yjs items, so other
 * threads and cursors on them stay put. The thread is then re-anchored on the new text
 * (its quote becomes the suggestion); a suggestion that deletes the range leaves the
 * thread orphaned, which is what happened to its code.
 *
 * Reading the range and changing it happen in one synchronous stretch (no await
 * between), so no client update can land in between.
 */
import type { Anchor } from '@tandem/anchors';
import type { SuggestionConflict } from '@tandem/protocol';
import type { LiveDocument } from '../context';
import { applyTextEditsToYText, diffText } from '../sync/text-diff';
import { TEXT_NAME } from '../workspace/initial-document';
import { anchorOn } from './thread-range';
import { threadViews, type Anchored } from './thread-state';

/** The origin of a suggestion's transaction: who applied which. */
export interface SuggestionOrigin {
  kind: 'suggestion';
  userId: string;
  username: string;
  threadId: string;
  commentId: string;
}

export type ApplyOutcome =
  | { kind: 'applied'; replaced: string; newAnchor: Anchor | null; forced: boolean }
  | { kind: 'conflict'; conflict: SuggestionConflict };

export async function applySuggestion(
  live: LiveDocument,
  thread: Anchored,
  suggestion: string,
  origin: SuggestionOrigin,
  force: boolean,
): Promise<ApplyOutcome> {
  const text = live.doc.getText(TEXT_NAME);
  const [view] = threadViews(text, [thread]);
  if (view!.state === 'file-level' || view!.state === 'orphaned') {
    return { kind: 'conflict', conflict: { quote: thread.quote, current: null, suggestion } };
  }
  const from = view!.from!;
  const current = text.toString().slice(from, view!.to!);
  // Already reads as suggested (the IDE applied it itself, as its own undoable edit, and
  // records it here): applied, with nothing to change.
  const already = current === suggestion;
  if (view!.state === 'changed' && !force && !already) return { kind: 'conflict', conflict: { quote: thread.quote, current, suggestion } };
  const edits = diffText(current, suggestion).map((e) => ({ ...e, index: e.index + from }));
  const growth = edits.reduce((n, e) => n + Buffer.byteLength(e.insert, 'utf8') + 32, 0);
  // The new anchor is made inside the same transaction: a client's update landing before
  // the commit resolves could otherwise shift the text under it.
  const anchorNow = () => (suggestion.length > 0 ? anchorOn(text, from, from + suggestion.length) : null);
  let newAnchor: Anchor | null = null;
  if (edits.length === 0) newAnchor = anchorNow();
  else {
    await live.change(origin, () => {
      applyTextEditsToYText(text, edits);
      newAnchor = anchorNow();
    }, growth);
  }
  return { kind: 'applied', replaced: current, newAnchor, forced: view!.state === 'changed' && !already };
}
