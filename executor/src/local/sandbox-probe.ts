/**
 * Decides, once per backend, how local workspaces run, and says so in the log:
 * - `none` (TANDEM_SANDBOX=none): plain processes, for a single trusted user only;
 *   a warning at every start (the server refuses it unless it listens on loopback).
 * - otherwise bubblewrap must work: installed is not enough (user namespaces may be
 *   disabled, or a container may forbid them), so a real sandboxed command is run
 *   with the arguments we will use, with network and without. When it does not
 *   work, the sandbox is unavailable: 'bwrap' fails the start, 'auto' refuses each
 *   environment with the reason and what to install. Commands never run bare.
 */
import { execFile } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SandboxUnavailableError } from '../errors';
import type { Logger } from '../executor';
import { buildProcessCommand, DEFAULT_RESOURCE_LIMITS, type SandboxNetwork } from './sandbox-command';
import { commandExists, prepareSandboxHost, type SandboxHost } from './sandbox-host';
import { SeccompUnsupportedError } from './seccomp-filter';
import { SandboxUids } from './sandbox-uids';
import { prepareWorkspace } from './workspace-sandbox';

const run = promisify(execFile);

export type SandboxSetting = 'auto' | 'bwrap' | 'none';

export type SandboxDecision = { mode: 'plain' } | { mode: 'bwrap'; host: SandboxHost } | { mode: 'unavailable'; reason: string };

export const INSTALL_HINT = 'install bubblewrap and passt (apt-get install bubblewrap passt nftables), or set TANDEM_SANDBOX=none for a single trusted user on loopback';

export async function decideSandbox(options: { setting: SandboxSetting; dataDir: string; network: SandboxNetwork; logger: Logger }): Promise<SandboxDecision> {
  const { setting, logger } = options;
  if (setting === 'none') {
    logger.warn({ sandbox: 'plain' }, 'local executor: TANDEM_SANDBOX=none: terminals and commands run as the server\'s own user, with resource limits only; for a single trusted user');
    return { mode: 'plain' };
  }
  const reason = await sandboxUnavailable(options);
  if (typeof reason === 'string') {
    if (setting === 'bwrap') throw new SandboxUnavailableError(`the sandbox was required but does not work: ${reason}`);
    logger.error({ sandbox: 'unavailable', reason }, `local executor: the sandbox does not work here, so terminals and commands are refused: ${reason}; ${INSTALL_HINT}`);
    return { mode: 'unavailable', reason };
  }
  const host = reason;
  for (const gap of host.missing) logger.warn({ sandbox: 'bwrap' }, `local executor: ${gap}`);
  logger.info(
    { sandbox: 'bwrap', root: host.root, network: host.network, cgroups: host.cgroups?.version ?? null, diskQuota: host.diskImages },
    'local executor: commands run in a sandbox (bubblewrap: own namespaces, no capabilities, seccomp, only the workspace writable)',
  );
  return { mode: 'bwrap', host };
}

async function sandboxUnavailable(options: { dataDir: string; network: SandboxNetwork; logger: Logger }): Promise<SandboxHost | string> {
  for (const tool of ['bwrap', 'prlimit', ...(process.getuid?.() === 0 ? ['setpriv'] : [])]) {
    if (!(await commandExists(tool))) return `${tool} is not installed`;
  }
  let host: SandboxHost;
  try {
    host = await prepareSandboxHost(options);
  } catch (error) {
    if (error instanceof SeccompUnsupportedError) return error.message;
    return `the sandbox could not be prepared: ${(error as Error).message}`;
  }
  const failure = await probe(host, 'none');
  if (failure) return `bubblewrap does not start here: ${failure}`;
  if (host.network === 'internet') {
    const networkFailure = await probe(host, 'internet');
    if (networkFailure) {
      host.missing.push(`network: pasta does not start here (${networkFailure}); workspaces have no network`);
      host.network = 'none';
    }
  }
  return host;
}

/** Runs `echo probe > probe && cat probe` in a throwaway workspace; null when it printed what it should. */
async function probe(host: SandboxHost, network: SandboxNetwork): Promise<string | null> {
  const workspacesDir = join(host.runtimeDir, 'probe');
  const workspaceId = `probe-${network}`;
  const noDisk = { ...host, diskImages: false }; // a probe needs no image of its own
  const uids = new SandboxUids(join(workspacesDir, 'uids.json'));
  await mkdir(workspacesDir, { recursive: true, mode: 0o711 });
  const workspace = await prepareWorkspace(noDisk, { workspacesDir, workspaceId, limits: DEFAULT_RESOURCE_LIMITS, uids, extraReadOnly: [] });
  try {
    const cmd = buildProcessCommand({ workspaceDir: workspace.dir, argv: ['sh', '-c', 'echo probe > probe && cat probe'], limits: DEFAULT_RESOURCE_LIMITS, sandbox: workspace.spec(network), tty: false });
    const { stdout } = await run(cmd.file, cmd.args, { env: cmd.env, cwd: cmd.cwd, timeout: 15_000 });
    return stdout.trim() === 'probe' ? null : `unexpected output ${JSON.stringify(stdout)}`;
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    return (e.stderr || e.message).trim().split('\n').slice(-3).join(' ');
  } finally {
    await workspace.release();
    await rm(workspace.dir, { recursive: true, force: true });
  }
}
