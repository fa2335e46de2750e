'use client';
/**
 * What this person may do with the review now: one button per `allowedActions` entry
 * (the server's word, so no button is offered that it would refuse), with an optional
 * note. A 409 means the review moved on meanwhile: its message is shown and the
 * review reloaded, so the buttons are right again.
 */
import type { ReviewAction } from '@tandem/protocol';
import { useState } from 'react';
import { api } from '../lib/api';
import { ApiError, describeError } from '../lib/errors';
import type { Review } from '@tandem/protocol';
import { ACTION_LABEL, DANGER_ACTIONS } from '../lib/review-labels';

interface Props {
  review: Review;
  onChanged(review: Review): void;
  onStale(): void;
}

export function ReviewActions({ review, onChanged, onStale }: Props) {
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const actions = review.allowedActions;
  if (actions.length === 0) return null;

  const act = async (action: ReviewAction) => {
    setBusy(true);
    setError(null);
    try {
      onChanged(await api.transitionReview(review.id, action, note.trim()));
      setNote('');
    } catch (err) {
      setError(describeError(err));
      if (err instanceof ApiError && err.status === 409) onStale();
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card review-actions" aria-label="Actions">
      <label className="note">
        <span className="muted">Note (optional)</span>
        <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} maxLength={10_000} aria-label="Note" />
      </label>
      <div className="row" style={{ flexWrap: 'wrap' }}>
        {actions.map((a) => (
          <button key={a} type="button" disabled={busy} className={a === 'approve' ? 'primary' : DANGER_ACTIONS.has(a) ? 'danger' : undefined}
            data-action={a} onClick={() => void act(a)}>
            {ACTION_LABEL[a]}
          </button>
        ))}
      </div>
      {error && <p className="error" role="alert">{error}</p>}
    </section>
  );
}
