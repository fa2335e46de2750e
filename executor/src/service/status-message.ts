/** The `env.status` message of the `/ws` socket (docs/protocols.md) for a status. */
import type { EnvironmentStatus } from '../executor';

export type EnvStatusMessage = { type: 'env.status'; status: EnvironmentStatus['state']; reason?: string };

export function envStatusMessage(status: EnvironmentStatus): EnvStatusMessage {
  return status.state === 'failed'
    ? { type: 'env.status', status: 'failed', reason: status.reason }
    : { type: 'env.status', status: status.state };
}
