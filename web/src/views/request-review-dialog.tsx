'use client';
/**
 * "Request review": a title, a description, a priority, and a reviewer — automatic (the
 * server picks an eligible one, or queues the request) or one chosen from the directory.
 */
import type { ReviewPriority } from '@tandem/protocol';
import { useState, type FormEvent } from 'react';
import { api } from '../lib/api';
import { describeError } from '../lib/errors';
import type { Review } from '@tandem/protocol';
import { MIN_REVIEWER_LEVEL, PRIORITY_LABEL, REVIEW_PRIORITIES } from '../lib/review-labels';
import { ModalDialog } from './modal-dialog';
import { ReviewerPicker } from './reviewer-picker';

interface Props {
  workspaceId: string;
  selfId: string;
  onClose(): void;
  onSubmitted(review: Review): void;
}

export function RequestReviewDialog({ workspaceId, selfId, onClose, onSubmitted }: Props) {
  const [priority, setPriority] = useState<ReviewPriority>('medium');
  const [automatic, setAutomatic] = useState(true);
  const [reviewer, setReviewer] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    if (!automatic && !reviewer) return setError('Pick a reviewer, or choose Automatic');
    setBusy(true);
    setError(null);
    try {
      const review = await api.requestReview(workspaceId, {
        title: String(form.get('title')).trim(),
        description: String(form.get('description') ?? ''),
        priority,
        reviewer: automatic ? null : reviewer,
      });
      onSubmitted(review);
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  }

  return (
    <ModalDialog title="Request review" onClose={onClose}>
      <form className="form-grid" onSubmit={submit}>
        <label>Title<input name="title" required maxLength={200} autoFocus /></label>
        <label>Description<textarea name="description" rows={4} maxLength={20_000} /></label>
        <label>
          Priority
          <select name="priority" value={priority} onChange={(e) => setPriority(e.target.value as ReviewPriority)}>
            {REVIEW_PRIORITIES.map((p) => <option key={p} value={p}>{PRIORITY_LABEL[p]} (reviewer level {MIN_REVIEWER_LEVEL[p]}+)</option>)}
          </select>
        </label>
        <fieldset className="reviewer-choice">
          <legend>Reviewer</legend>
          <label className="row"><input type="radio" name="mode" checked={automatic} onChange={() => setAutomatic(true)} />Automatic</label>
          <label className="row"><input type="radio" name="mode" checked={!automatic} onChange={() => setAutomatic(false)} />Choose a reviewer</label>
          {!automatic && <ReviewerPicker minLevel={MIN_REVIEWER_LEVEL[priority]} selfId={selfId} selected={reviewer} onSelect={setReviewer} />}
        </fieldset>
        {error && <div className="error" role="alert">{error}</div>}
        <div className="row">
          <span className="spacer" />
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary" disabled={busy}>Request review</button>
        </div>
      </form>
    </ModalDialog>
  );
}
