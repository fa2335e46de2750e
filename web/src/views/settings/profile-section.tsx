'use client';
/** Who you are here: the username (fixed: it names you in workspaces and reviews) and the email, which you may change. */
import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../lib/api';
import { ApiError, describeError } from '../../lib/errors';
import type { User } from '../../lib/types';

export function ProfileSection({ user, onUser }: { user: User; onUser(user: User): void }) {
  const [email, setEmail] = useState(user.email);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setEmail(user.email), [user.email]);

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setStatus(null);
    try {
      onUser(await api.updateMe({ email }));
      setStatus('Email changed');
    } catch (err) {
      setError(err instanceof ApiError && err.code === 'email_taken' ? 'Another account has that email.' : describeError(err));
    }
  }

  return (
    <section className="card" aria-labelledby="settings-profile">
      <h2 id="settings-profile">Profile</h2>
      <form className="settings-form" onSubmit={save}>
        <label>Username<input value={user.username} readOnly aria-readonly="true" /></label>
        <label>Email<input type="email" required value={email} onChange={(e) => { setEmail(e.target.value); setStatus(null); }} autoComplete="email" /></label>
        <div className="row">
          <button className="primary" type="submit" disabled={email.trim().toLowerCase() === user.email}>Change email</button>
          {status && <span className="muted" role="status">{status}</span>}
        </div>
        {error && <p className="error" role="alert">{error}</p>}
      </form>
    </section>
  );
}
