'use client';
/**
 * Your settings. For now one: the reviewer level you hold yourself to, which decides
 * the priorities you may be assigned or claim. The IDE issue adds the editor and
 * appearance sections below it.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useSession } from '../hooks/use-session';
import { api } from '../lib/api';
import { describeError } from '../lib/errors';
import { levelExplanation, REVIEWER_LEVELS } from '../lib/review-labels';
import { TopBar } from './top-bar';

export function SettingsView() {
  const { user, error: sessionError, signOut } = useSession();
  const [saved, setSaved] = useState<number | null>(null);
  const [level, setLevel] = useState(0);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (user) {
      setSaved(user.reviewerLevel);
      setLevel(user.reviewerLevel);
    }
  }, [user]);

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setStatus(null);
    try {
      const me = await api.updateMe({ reviewerLevel: level });
      setSaved(me.reviewerLevel);
      setStatus('Saved');
    } catch (err) {
      setError(describeError(err));
    }
  }

  if (!user) return <div className="page muted">{sessionError ?? 'Loading…'}</div>;
  return (
    <>
      <TopBar user={user} onSignOut={signOut}><span className="muted">/</span><strong>Settings</strong></TopBar>
      <main className="page">
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
              <button className="primary" type="submit" disabled={saved === level}>Save</button>
              {status && saved === level && <span className="muted" role="status">{status}</span>}
            </div>
            {error && <p className="error" role="alert">{error}</p>}
          </form>
        </section>
        {/* The IDE issue's sections (editor, appearance) go here. */}
      </main>
    </>
  );
}
