/** The execution backend the configuration names, with the server's settings and logger. */
import { createExecutionBackend, type ExecutionBackend } from '@tandem/executor';
import type { Config } from '../config';
import type { Logger } from '../logger';

export function createBackend(config: Config, log: Logger): Promise<ExecutionBackend> {
  const e = config.execution;
  if (config.executor === 'kubernetes') {
    // The client reads KUBECONFIG, ~/.kube/config or the in-cluster service account.
    return createExecutionBackend({ kind: 'kubernetes', logger: log, ...e.kubernetes });
  }
  // Workspace folders land in `<dataDir>/workspaces/<workspaceId>`.
  return createExecutionBackend({ kind: 'local', dataDir: config.dataDir, logger: log, sandbox: e.sandbox, network: e.sandboxNetwork, limits: e.sandboxLimits });
}
