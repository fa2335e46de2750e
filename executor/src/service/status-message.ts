/** The `env.status` message of the `/ws` socket (docs/protocols.md) for a status. */
import type { EnvironmentStatus, SkippedPaths } from '../executor';

export type EnvStatusMessage = { type: 'env.status'; status: EnvironmentStatus['state']; reason?: string; skipped?: SkippedPaths };

export function envStatusMessage(status: EnvironmentStatus): EnvStatusMessage {
  if (status.state === 'failed') return { type: 'env.status', status: 'failed', reason: status.reason };
  if (status.state === 'ready' && status.skipped) return { type: 'env.status', status: 'ready', skipped: status.skipped };
  return { type: 'env.status', status: status.state };
}
