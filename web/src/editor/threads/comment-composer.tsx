'use client';
/**
 * Writing a comment (a new thread's first, or a reply): the body, and optionally a
 * suggested replacement for the range. The text is a draft on the server at most a
 * second after typing stops, and at once on blur, so a closed tab loses nothing.
 * Ctrl/Cmd+Enter posts; Escape closes (the draft stays); Cancel is the caller's to define.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { PutDraftBody } from '@tandem/protocol';
import type { ThreadStore } from './thread-store';

export interface ComposerProps {
  store: ThreadStore;
  draftKey: string;
  /** What the draft says besides its text (the file, the thread, the range). */
  draftMeta: Omit<PutDraftBody, 'body' | 'suggestion'>;
  submitLabel: string;
  /** Offer a suggestion block, prefilled with this (the selected code). */
  suggestFrom?: string;
  autoFocus?: boolean;
  onSubmit(body: string, suggestion: string | null): Promise<void>;
  onCancel(): void;
}

export function CommentComposer({ store, draftKey, draftMeta, submitLabel, suggestFrom, autoFocus, onSubmit, onCancel }: ComposerProps) {
  const saved = store.draft(draftKey);
  const [body, setBody] = useState(saved?.body ?? '');
  const [suggesting, setSuggesting] = useState(saved?.suggestion != null);
  const [suggestion, setSuggestion] = useState(saved?.suggestion ?? suggestFrom ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const id = useId();

  useEffect(() => {
    if (autoFocus) box.current?.focus();
  }, [autoFocus]);

  const remember = (b: string, s: string | null) => store.draftSaver.changed(draftKey, { ...draftMeta, body: b, suggestion: s });

  const submit = async () => {
    if (!body.trim() || busy) return;
    setBusy(true);
    setError(null);
    try {
      await store.settleDraft(draftKey);
      await onSubmit(body, suggesting ? suggestion : null);
      setBody('');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const keys = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void submit();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      store.draftSaver.flush(draftKey);
      onCancel();
    }
  };

  return (
    <div className="thread-composer" onKeyDown={keys}>
      <label htmlFor={`${id}-body`} className="sr-only">{submitLabel}</label>
      <textarea id={`${id}-body`} ref={box} rows={2} value={body} placeholder="Write a comment… (Ctrl+Enter to post)" aria-label={submitLabel}
        onChange={(e) => { setBody(e.target.value); remember(e.target.value, suggesting ? suggestion : null); }}
        onBlur={() => store.draftSaver.flush(draftKey)} />
      {suggestFrom !== undefined && (
        <label className="thread-suggest-toggle">
          <input type="checkbox" checked={suggesting} onChange={(e) => { setSuggesting(e.target.checked); remember(body, e.target.checked ? suggestion : null); }} />
          Suggest a change
        </label>
      )}
      {suggesting && (
        <textarea className="thread-suggestion-input" aria-label="Suggested code" rows={Math.min(12, suggestion.split('\n').length + 1)} value={suggestion} spellCheck={false}
          onChange={(e) => { setSuggestion(e.target.value); remember(body, e.target.value); }} onBlur={() => store.draftSaver.flush(draftKey)} />
      )}
      {error && <p className="error" role="alert">{error}</p>}
      <div className="thread-buttons">
        <button type="button" className="primary" disabled={busy || !body.trim()} onClick={() => void submit()}>{submitLabel}</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
    </div>
  );
}
