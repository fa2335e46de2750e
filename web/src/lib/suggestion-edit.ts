/**
 * Applying a suggested replacement in the browser, as one local Y.Text transaction (so
 * the own-undo manager takes it back in one step), such that afterwards the thread's own
 * anchor reads exactly the suggestion: the server then records it as applied without
 * changing anything (docs/comment-threads.md "Suggestions").
 *
 * The anchor's start is bound to the range's first character (assoc 0) and its end to
 * the last (assoc -1): text inserted before the first or after the last falls outside.
 * So the edit keeps the common prefix and suffix (those characters keep their Yjs items)
 * and inserts strictly between the first and the last character, deleting them after
 * the insert when the suggestion does not keep them (a deleted bound resolves to where
 * it stood, which is then the edge of the new text). A one-character range cannot hold
 * anything else, and an empty suggestion leaves nothing to anchor: those are left to the
 * server's transaction (null).
 */
import type * as Y from 'yjs';
import { commonEnds } from './trimmed-change';

export interface SuggestionStep {
  kind: 'insert' | 'delete';
  /** Offset into the text as it is when this step runs. */
  index: number;
  text?: string;
  length?: number;
}

/** The steps turning `current` (at `from`) into `suggestion`, in order; [] when equal; null when not possible locally. */
export function suggestionSteps(from: number, current: string, suggestion: string): SuggestionStep[] | null {
  if (current === suggestion) return [];
  const n = current.length;
  if (suggestion.length === 0 || n === 0) return null;
  let { prefix: p, suffix: q } = commonEnds(current, suggestion);
  // An insertion at either edge: take that edge's character into the region, so the insert lands inside it.
  if (p === 0 && q === n) q = n - 1;
  if (q === 0 && p === n) p = n - 1;
  if (p === 0 && q === 0 && n < 2) return null;
  const regionLength = n - p - q;
  const insert = suggestion.slice(p, suggestion.length - q);
  if (p >= 1) {
    const steps: SuggestionStep[] = [];
    if (insert) steps.push({ kind: 'insert', index: from + p, text: insert });
    if (regionLength > 0) steps.push({ kind: 'delete', index: from + p + insert.length, length: regionLength });
    return steps;
  }
  // The region starts at the first character: insert after it, then delete it and the rest of the region.
  if (n < 2) return null;
  const steps: SuggestionStep[] = [];
  if (insert) steps.push({ kind: 'insert', index: from + 1, text: insert });
  steps.push({ kind: 'delete', index: from, length: 1 });
  if (regionLength > 1) steps.push({ kind: 'delete', index: from + insert.length, length: regionLength - 1 });
  return steps;
}

/** Runs the steps on a Y.Text; call inside one transaction. */
export function applySuggestionSteps(text: Y.Text, steps: readonly SuggestionStep[]): void {
  for (const s of steps) {
    if (s.kind === 'insert') text.insert(s.index, s.text!);
    else text.delete(s.index, s.length!);
  }
}
