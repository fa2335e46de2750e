'use client';
/**
 * A suggested replacement: the quote and the suggestion as a small diff, and "Apply
 * suggestion" for editors. When the code changed since, the quote, what it reads now
 * and the suggestion side by side, and the choice: apply over the current text, or keep it.
 */
import { useState } from 'react';
import type { ThreadComment } from '@tandem/protocol';

interface Props {
  comment: ThreadComment;
  quote: string;
  /** What the range reads now, when it changed; null when it reads as quoted. */
  current: string | null;
  canApply: boolean;
  onApply(force: boolean): Promise<void>;
}

const lines = (text: string) => text.replace(/\n$/, '').split('\n');

export function SuggestionBlock({ comment, quote, current, canApply, onApply }: Props) {
  const [choosing, setChoosing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const suggestion = comment.suggestion ?? '';
  const apply = async (force: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await onApply(force);
      setChoosing(false);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  if (comment.appliedAt) {
    return <div className="thread-suggestion applied">Suggestion applied by {comment.appliedBy?.username ?? 'someone'}.</div>;
  }
  return (
    <div className="thread-suggestion" data-testid="suggestion">
      {choosing && current !== null ? (
        <div className="thread-choice" role="group" aria-label="The code changed since the suggestion">
          <p>The code changed since this suggestion. Choose:</p>
          <div className="thread-choice-columns">
            <figure><figcaption>Commented on</figcaption><pre data-testid="choice-quote">{quote}</pre></figure>
            <figure><figcaption>Now</figcaption><pre data-testid="choice-current">{current}</pre></figure>
            <figure><figcaption>Suggested</figcaption><pre data-testid="choice-suggestion">{suggestion}</pre></figure>
          </div>
          <div className="thread-buttons">
            <button type="button" className="primary" disabled={busy} onClick={() => void apply(true)}>Apply over the current code</button>
            <button type="button" disabled={busy} onClick={() => setChoosing(false)}>Keep the current code</button>
          </div>
        </div>
      ) : (
        <>
          <pre className="thread-diff" aria-label="Suggested change">
            {lines(quote).map((l, i) => <div key={`d${i}`} className="diff-del">- {l}</div>)}
            {lines(suggestion).map((l, i) => <div key={`a${i}`} className="diff-add">+ {l}</div>)}
          </pre>
          {canApply && (
            <button type="button" className="primary" disabled={busy} onClick={() => (current !== null ? setChoosing(true) : void apply(false))}>Apply suggestion</button>
          )}
        </>
      )}
      {error && <p className="error" role="alert">{error}</p>}
    </div>
  );
}
