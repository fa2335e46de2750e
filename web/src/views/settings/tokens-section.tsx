'use client';
/**
 * API tokens for scripts and k6: create with a name (the value is shown this once, with
 * a Copy button), list with when each was created and last used, revoke after a
 * confirmation (anything using it stops working at once).
 */
import type { CreatedToken, Token } from '@tandem/protocol';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../../lib/api';
import { describeError } from '../../lib/errors';

const when = (iso: string | null) => (iso === null ? 'Never' : new Date(iso).toLocaleString());

export function TokensSection() {
  const [tokens, setTokens] = useState<Token[] | null>(null);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const valueRef = useRef<HTMLInputElement>(null);

  const reload = useCallback(() => api.listTokens().then(setTokens, (err: unknown) => setError(describeError(err))), []);
  useEffect(() => void reload(), [reload]);

  async function create(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setCopied(null);
    try {
      setCreated(await api.createToken(name));
      setName('');
      await reload();
    } catch (err) {
      setError(describeError(err));
    }
  }

  async function copy() {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.token);
      setCopied('Copied');
    } catch {
      // No clipboard here (an insecure origin, a refused permission): leave it selected for Ctrl+C.
      valueRef.current?.select();
      setCopied('Selected: press Ctrl+C (⌘C) to copy');
    }
  }

  async function revoke(token: Token) {
    setError(null);
    try {
      await api.revokeToken(token.id);
      if (created?.id === token.id) setCreated(null);
      setConfirming(null);
      await reload();
    } catch (err) {
      setError(describeError(err));
    }
  }

  return (
    <section className="card" aria-labelledby="settings-tokens">
      <h2 id="settings-tokens">API tokens</h2>
      <p className="muted">For scripts and load tests: send <code>Authorization: Bearer &lt;token&gt;</code>, or <code>?token=</code> on WebSockets. A token acts as you.</p>
      <form className="row" onSubmit={create}>
        <label className="grow">Token name<input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} required placeholder="k6 load test" /></label>
        <button className="primary" type="submit" disabled={name.trim() === ''}>Create token</button>
      </form>
      {created && (
        <div className="token-once" role="region" aria-label="New token">
          <p><strong>Copy it now: this token will not be shown again.</strong></p>
          <div className="row">
            <input ref={valueRef} className="grow mono" readOnly value={created.token} aria-label={`Value of token ${created.name}`} onFocus={(e) => e.target.select()} />
            <button type="button" onClick={copy}>Copy</button>
            <button type="button" className="link" onClick={() => setCreated(null)}>Done</button>
          </div>
          {copied && <span className="muted" role="status">{copied}</span>}
        </div>
      )}
      {error && <p className="error" role="alert">{error}</p>}
      {tokens === null ? <p className="muted">Loading…</p> : tokens.length === 0 ? <p className="muted">No tokens yet.</p> : (
        <table className="list">
          <thead><tr><th>Name</th><th>Created</th><th>Last used</th><th /></tr></thead>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.id} data-token={t.name}>
                <td>{t.name}</td>
                <td>{when(t.createdAt)}</td>
                <td>{when(t.lastUsedAt)}</td>
                <td className="actions">
                  {confirming === t.id ? (
                    <span className="row">
                      <span>Revoke it? Anything using it stops working.</span>
                      <button type="button" className="danger" onClick={() => revoke(t)}>Yes, revoke {t.name}</button>
                      <button type="button" className="link" onClick={() => setConfirming(null)}>Cancel</button>
                    </span>
                  ) : <button type="button" className="danger" onClick={() => setConfirming(t.id)} aria-label={`Revoke ${t.name}`}>Revoke</button>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
