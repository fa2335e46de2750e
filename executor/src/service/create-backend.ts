/**
 * Builds the backend the configuration names. The Kubernetes client is loaded
 * only when it is asked for, so the local default starts without it.
 */
import type { ExecutionBackend, Logger } from '../executor';
import { createLocalBackend, type LocalBackendOptions } from '../local/local-backend';
import type { KubernetesBackendConfig } from '../kubernetes';

export type BackendConfig =
  | ({ kind: 'local' } & LocalBackendOptions)
  | ({ kind: 'kubernetes'; logger?: Logger } & KubernetesBackendConfig);

export async function createExecutionBackend(config: BackendConfig): Promise<ExecutionBackend> {
  if (config.kind === 'local') return createLocalBackend(config);
  const { kind: _kind, logger, ...options } = config;
  const { KubernetesBackend } = await import('../kubernetes');
  logger?.info({ executor: 'kubernetes', namespace: options.namespace }, 'executor: Kubernetes backend');
  return new KubernetesBackend(options);
}
