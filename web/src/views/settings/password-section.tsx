'use client';
/** Change the password given the current one; the server then signs out every other session. */
import { PASSWORD_MIN_CHARS } from '@tandem/protocol';
import { useState, type FormEvent } from 'react';
import { api } from '../../lib/api';
import { ApiError, describeError } from '../../lib/errors';

function problemOf(err: unknown): string {
  if (err instanceof ApiError && err.code === 'wrong_password') return 'The current password is wrong.';
  if (err instanceof ApiError && err.code === 'rate_limited') return `Too many wrong passwords. ${err.message}.`;
  return describeError(err);
}

export function PasswordSection() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function save(event: FormEvent) {
    event.preventDefault();
    setStatus(null);
    if ([...next].length < PASSWORD_MIN_CHARS) return setError(`The new password needs at least ${PASSWORD_MIN_CHARS} characters.`);
    if (next !== confirm) return setError('The new password and its confirmation differ.');
    setError(null);
    setBusy(true);
    try {
      await api.changePassword(current, next);
      setCurrent('');
      setNext('');
      setConfirm('');
      setStatus('Password changed. Your other sessions were signed out; this one stays signed in.');
    } catch (err) {
      setError(problemOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="settings-password">
      <h2 id="settings-password">Password</h2>
      <p className="muted">Changing it signs you out everywhere else (other browsers and devices); API tokens keep working.</p>
      <form className="settings-form" onSubmit={save}>
        <label>Current password<input type="password" required value={current} onChange={(e) => setCurrent(e.target.value)} autoComplete="current-password" /></label>
        <label>New password<input type="password" required value={next} onChange={(e) => setNext(e.target.value)} autoComplete="new-password" /></label>
        <label>Confirm new password<input type="password" required value={confirm} onChange={(e) => setConfirm(e.target.value)} autoComplete="new-password" /></label>
        <div className="row">
          <button className="primary" type="submit" disabled={busy}>Change password</button>
        </div>
        {status && <p className="ok" role="status">{status}</p>}
        {error && <p className="error" role="alert">{error}</p>}
      </form>
    </section>
  );
}
