import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExecutorContract } from '../contract/executor.contract';
import { createLocalBackend } from './local-backend';
import { bwrapWorks, detectHostLayout } from './sandbox-probe';

async function localBackend(sandbox: 'bwrap' | 'none') {
  const dataDir = await mkdtemp(join(tmpdir(), 'tandem-local-contract-'));
  return { backend: createLocalBackend({ dataDir, sandbox }), cleanup: () => rm(dataDir, { recursive: true, force: true }) };
}

// Plain mode runs everywhere; the sandboxed mode wherever bubblewrap works.
runExecutorContract('local (plain)', () => localBackend('none'));
const bwrap = await bwrapWorks(await detectHostLayout());
if (bwrap.ok) runExecutorContract('local (bwrap)', () => localBackend('bwrap'));
