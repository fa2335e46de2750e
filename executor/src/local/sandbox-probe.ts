/**
 * Finds out, once per process, whether bubblewrap works here: installed is not
 * enough (user namespaces may be disabled, or we may be inside a container that
 * forbids them), so a real sandboxed `true` is run with the arguments we will use.
 */
import { execFile } from 'node:child_process';
import { lstat, mkdtemp, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EnvironmentStartError } from '../errors';
import type { Logger } from '../executor';
import { DEFAULT_RESOURCE_LIMITS, SYSTEM_DIRS, buildProcessCommand, type HostLayout, type SandboxMode } from './sandbox-command';

const run = promisify(execFile);

export type SandboxSetting = 'auto' | 'bwrap' | 'none';

export async function detectHostLayout(): Promise<HostLayout> {
  const layout: HostLayout = { links: {}, present: [] };
  for (const dir of SYSTEM_DIRS) {
    const stat = await lstat(dir).catch(() => null);
    if (!stat) continue;
    layout.present.push(dir);
    if (stat.isSymbolicLink()) layout.links[dir] = await readlink(dir);
  }
  return layout;
}

export async function bwrapWorks(layout: HostLayout): Promise<{ ok: true } | { ok: false; reason: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-bwrap-probe-'));
  try {
    const cmd = buildProcessCommand({
      workspaceDir: dir,
      argv: ['sh', '-c', 'echo probe > probe && cat probe'],
      limits: DEFAULT_RESOURCE_LIMITS,
      mode: 'bwrap',
      layout,
    });
    const { stdout } = await run(cmd.file, cmd.args, { env: cmd.env, cwd: cmd.cwd, timeout: 10_000 });
    return stdout.trim() === 'probe' ? { ok: true } : { ok: false, reason: `unexpected output ${JSON.stringify(stdout)}` };
  } catch (error) {
    const e = error as { code?: string; stderr?: string; message: string };
    return { ok: false, reason: e.code === 'ENOENT' ? 'bwrap is not installed' : (e.stderr || e.message).trim() };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Decides the mode and logs it: the operator must be able to see whether commands are sandboxed. */
export async function resolveSandboxMode(setting: SandboxSetting, layout: HostLayout, logger: Logger): Promise<SandboxMode> {
  if (setting === 'none') {
    logger.warn({ sandbox: 'plain' }, 'local executor: bubblewrap disabled by configuration; commands run with resource limits only');
    return 'plain';
  }
  const probe = await bwrapWorks(layout);
  if (probe.ok) {
    logger.info({ sandbox: 'bwrap' }, 'local executor: commands run inside bubblewrap (read-only system, no network, own PID namespace)');
    return 'bwrap';
  }
  if (setting === 'bwrap') throw new EnvironmentStartError(`bubblewrap was required but does not work: ${probe.reason}`);
  logger.warn(
    { sandbox: 'plain', reason: probe.reason },
    'local executor: bubblewrap unavailable, commands run WITHOUT a sandbox (resource limits and a clean environment only); install it with `apt-get install bubblewrap`',
  );
  return 'plain';
}
