'use client';
/** The status bar's Python item (status-label.ts), shown while a Python file is in front. */
import { useSyncExternalStore } from 'react';
import type { LanguageClient } from './language-client';
import { statusLabel } from './status-label';

const DOT = { ready: 'open', busy: 'connecting', down: 'closed' } as const;

export function LanguageStatus({ client }: { client: LanguageClient }) {
  const status = useSyncExternalStore((l) => client.onStatus(l), () => client.status, () => null);
  const label = statusLabel(status);
  return (
    <span data-testid="language-status" data-state={status?.state ?? 'starting'} data-missing={status?.missing.join('; ') ?? ''} title={label.title}>
      <span className={`dot ${DOT[label.kind]}`} />
      {label.text}
    </span>
  );
}
