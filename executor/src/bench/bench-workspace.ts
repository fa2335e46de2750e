/** A throwaway data folder, local backend and service for one benchmark. */
import { MemorySource } from '../contract/memory-source';
import { createLocalBackend, type LocalBackend } from '../local/local-backend';
import type { SandboxSetting } from '../local/sandbox-probe';
import { makeDataDir, removeDataDir } from '../local/testing/data-dir';
import { ExecutorService, type ExecutorServiceOptions } from '../service/executor-service';

export interface BenchWorkspace {
  dataDir: string;
  backend: LocalBackend;
  service: ExecutorService;
  source: MemorySource;
  dispose(): Promise<void>;
}

export async function benchWorkspace(sandbox: SandboxSetting = 'auto', extra: Partial<ExecutorServiceOptions> = {}): Promise<BenchWorkspace> {
  const dataDir = await makeDataDir('tandem-bench');
  const backend = createLocalBackend({ dataDir, sandbox });
  const source = new MemorySource();
  const service = new ExecutorService({ backend, source, ...extra });
  return {
    dataDir,
    backend,
    service,
    source,
    dispose: async () => {
      await service.shutdown();
      await removeDataDir(dataDir);
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
