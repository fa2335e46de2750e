'use client';
/** The reviewer level you hold yourself to, which decides the priorities you may be assigned or claim. */
import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../lib/api';
import { describeError } from '../../lib/errors';
import { levelExplanation, REVIEWER_LEVELS } from '../../lib/review-labels';
import type { User } from '../../lib/types';

export function ReviewerLevelSection({ user, onUser }: { user: User; onUser(user: User): void }) {
  const [level, setLevel] = useState(user.reviewerLevel);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setLevel(user.reviewerLevel), [user.reviewerLevel]);

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setStatus(null);
    try {
      onUser(await api.updateMe({ reviewerLevel: level }));
      setStatus('Saved');
    } catch (err) {
      setError(describeError(err));
    }
  }

  return (
    <section className="card" aria-labelledby="reviewer-level">
      <h2 id="reviewer-level">Reviewer level</h2>
      <p className="muted">
        Reviews are assigned automatically to reviewers whose level covers the request’s priority; the queue shows you the ones you may claim.
        Lowering your level later does not take a review you already have away from you.
      </p>
      <form onSubmit={save}>
        <fieldset className="levels">
          <legend className="sr-only">Reviewer level</legend>
          {REVIEWER_LEVELS.map((l) => (
            <label key={l.level} className="level-option">
              <input type="radio" name="reviewerLevel" value={l.level} checked={level === l.level} onChange={() => setLevel(l.level)} />
              <span><strong>{l.level} · {l.label}</strong><br /><span className="muted">{levelExplanation(l.level)}</span></span>
            </label>
          ))}
        </fieldset>
        <div className="row">
          <button className="primary" type="submit" disabled={user.reviewerLevel === level}>Save</button>
          {status && user.reviewerLevel === level && <span className="muted" role="status">{status}</span>}
        </div>
        {error && <p className="error" role="alert">{error}</p>}
      </form>
    </section>
  );
}
