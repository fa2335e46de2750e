'use client';
/**
 * A thread whose code was deleted (cut and paste is a delete): its quote, and
 * "Re-attach", which asks the server to find the quote again. When it cannot, it says
 * so and lets the person select the new place and attach the thread there.
 */
import { useState } from 'react';
import { describeError } from '../../lib/errors';
import { isQuoteNotFound } from './thread-actions';

interface Props {
  quote: string;
  canAttach: boolean;
  onReattach(): Promise<void>;
  onAttachHere(): Promise<void>;
}

export function OrphanBlock({ quote, canAttach, onReattach, onAttachHere }: Props) {
  const [notFound, setNotFound] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (f: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await f();
    } catch (e) {
      if (isQuoteNotFound(e)) setNotFound(true);
      else setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="thread-orphan">
      <p>The code this comment was on was deleted. It read:</p>
      <pre className="thread-quote" data-testid="orphan-quote">{quote}</pre>
      {canAttach && (
        <div className="thread-buttons">
          <button type="button" disabled={busy} onClick={() => void run(onReattach)}>Re-attach</button>
          {notFound && <button type="button" disabled={busy} onClick={() => void run(onAttachHere)}>Attach here</button>}
        </div>
      )}
      {notFound && <p role="status">The code was not found anywhere in the file. Select where it went, then press “Attach here”.</p>}
      {error && <p className="error" role="alert">{error}</p>}
    </div>
  );
}
