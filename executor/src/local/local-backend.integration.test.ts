import { runExecutorContract } from '../contract/executor.contract';
import { createLocalBackend } from './local-backend';
import { makeDataDir, removeDataDir } from './testing/data-dir';

async function localBackend(sandbox: 'bwrap' | 'none') {
  const dataDir = await makeDataDir('tandem-local-contract');
  return { backend: createLocalBackend({ dataDir, sandbox }), cleanup: () => removeDataDir(dataDir) };
}

// The sandbox is what users get; plain mode is the explicit single-user opt-in.
runExecutorContract('local (sandboxed)', () => localBackend('bwrap'));
runExecutorContract('local (plain)', () => localBackend('none'));
