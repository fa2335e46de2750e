'use client';
/** Sign in or create an account; either way the server sets the session cookie. */
import { useRouter, useSearchParams } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { api } from '../lib/api';
import { describeError } from '../lib/errors';

type Mode = 'login' | 'register';

/** Only same-site paths, so a crafted link cannot send a fresh session elsewhere. */
const safeNext = (next: string | null) => (next && next.startsWith('/') && !next.startsWith('//') ? next : '/');

export function LoginView() {
  const router = useRouter();
  const params = useSearchParams();
  const [mode, setMode] = useState<Mode>('login');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const field = (name: string) => String(form.get(name) ?? '');
    setBusy(true);
    setError(null);
    try {
      if (mode === 'login') await api.login(field('username'), field('password'));
      else await api.register(field('username'), field('email'), field('password'));
      router.replace(safeNext(params.get('next')));
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  }

  return (
    <main className="auth">
      <h1>Tandem</h1>
      <div className="muted">Write and run code together, live.</div>
      <div className="tabs-inline" role="tablist">
        <button role="tab" aria-selected={mode === 'login'} onClick={() => setMode('login')}>Sign in</button>
        <button role="tab" aria-selected={mode === 'register'} onClick={() => setMode('register')}>Create account</button>
      </div>
      <form onSubmit={submit} key={mode}>
        <label>
          Username
          <input name="username" autoComplete="username" required autoFocus />
        </label>
        {mode === 'register' && (
          <label>
            Email
            <input name="email" type="email" autoComplete="email" required />
          </label>
        )}
        <label>
          Password
          <input name="password" type="password" required minLength={mode === 'register' ? 10 : 1}
            autoComplete={mode === 'register' ? 'new-password' : 'current-password'} />
        </label>
        {mode === 'register' && <div className="muted" style={{ fontSize: 12 }}>3–32 of a–z, 0–9, _ and -; a password of 10 characters or more.</div>}
        {error && <div className="error" role="alert">{error}</div>}
        <button className="primary" type="submit" disabled={busy}>{mode === 'login' ? 'Sign in' : 'Create account'}</button>
      </form>
    </main>
  );
}
