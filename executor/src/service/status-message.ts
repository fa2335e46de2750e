/** The `env.status` message of the `/ws` socket (@tandem/protocol, docs/protocols.md) for a status. */
import type { EnvStatusMessage } from '@tandem/protocol';
import type { EnvironmentStatus } from '../executor';

export function envStatusMessage(status: EnvironmentStatus): EnvStatusMessage {
  if (status.state === 'failed') return { type: 'env.status', status: 'failed', reason: status.reason };
  if (status.state === 'ready' && status.skipped) return { type: 'env.status', status: 'ready', skipped: status.skipped };
  return { type: 'env.status', status: status.state };
}
