'use client';
/**
 * The environment's status as this client knows it: the last `env.status` while the
 * workspace socket is open; while it is down nothing is known, so no green "ready".
 */
import type { EnvState } from '../hooks/use-workspace';

export function EnvBadge({ env, connected }: { env: EnvState; connected: boolean }) {
  const status = connected ? env.status : 'unknown';
  const reason = connected ? env.reason : 'not connected: the last status was ' + env.status;
  return (
    <span className="muted" style={{ fontSize: 12 }} data-env={status} title={reason}>
      <span className={`dot ${status}`} />environment {connected ? status : 'unknown (not connected)'}{connected && env.reason ? `: ${env.reason}` : ''}
    </span>
  );
}
