import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../contract/wait-for';
import { createLocalBackend, type LocalBackend } from './local-backend';
import { bwrapWorks, detectHostLayout } from './sandbox-probe';

const bwrapAvailable = (await bwrapWorks(await detectHostLayout())).ok;
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'tandem-sandbox-'));
  process.env.DATABASE_URL = 'postgres://secret@db/tandem';
});
afterAll(async () => {
  delete process.env.DATABASE_URL;
  await rm(dataDir, { recursive: true, force: true });
});

const backend = (sandbox: 'none' | 'bwrap', extra: Partial<Parameters<typeof createLocalBackend>[0]> = {}): LocalBackend =>
  createLocalBackend({ dataDir, sandbox, ...extra });

function alive(pattern: string): boolean {
  try {
    return execFileSync('pgrep', ['-f', pattern]).toString().trim() !== '';
  } catch {
    return false;
  }
}

describe('local backend, in any mode', () => {
  it('gives commands a clean environment: no server secrets', async () => {
    const b = backend('none');
    const env = await b.start('clean-env');
    const { output } = await env.run('env | cut -d= -f1 | sort | tr "\\n" " "');
    expect(output).not.toContain('DATABASE_URL');
    expect(output.split(' ').filter((k) => /^[A-Z]/.test(k) && !['PWD', 'SHLVL', '_', 'OLDPWD'].includes(k))).toEqual(['HOME', 'LANG', 'PATH', 'TERM']);
    await b.stop('clean-env');
  });

  it('applies the resource limits', async () => {
    const b = backend('none', { limits: { fileSizeBytes: 1024 * 1024, cpuSeconds: 77, processes: 1234 } });
    const env = await b.start('limits');
    const { output } = await env.run('ulimit -f -t -u -v');
    expect(output).toMatch(/file size.*\b1024\n.*cpu time.*\b77\n.*processes.*\b1234\n.*virtual memory.*\b4194304\n/s);
    const big = await env.run('head -c 2000000 /dev/zero > big.bin');
    expect(big.exitCode).not.toBe(0);
    await b.stop('limits');
  });

  it('kills background jobs with the terminal and does not let them outlive a stop', async () => {
    const b = backend('none');
    const env = await b.start('jobs');
    const term = await env.openTerminal({ cols: 80, rows: 24 });
    let out = '';
    term.onData((d) => (out += d));
    term.write('sleep 4242 & echo started-job\r');
    await waitFor(() => out.includes('started-job\r\n'), 'the job');
    // `&` forks before the job execs `sleep`: wait until it shows under that name.
    await waitFor(() => alive('sleep 4242'), 'the job to run');
    await b.stop('jobs');
    await waitFor(() => !alive('sleep 4242'), 'the job to die');
  });

  it('reclaims processes an earlier server process left behind', async () => {
    const first = backend('none');
    const env = await first.start('orphaned');
    const term = await env.openTerminal({ cols: 80, rows: 24 });
    let out = '';
    term.onData((d) => (out += d));
    term.write('sleep 4343 & echo started-orphan\r');
    await waitFor(() => out.includes('started-orphan\r\n'), 'the job');
    await waitFor(() => alive('sleep 4343'), 'the job to run');
    // A new process with the same data folder, as after a crash: it finds and kills them.
    const second = backend('none');
    expect(await second.listOrphans()).toEqual(['orphaned']);
    await second.stop('orphaned');
    await waitFor(() => !alive('sleep 4343'), 'the orphan to die');
    expect(await second.listOrphans()).toEqual([]);
  });

  it('keeps installed packages across a restart without ever listing them', async () => {
    const b = backend('none');
    const env = await b.start('packages');
    await env.run('mkdir -p node_modules/pkg && echo lib > node_modules/pkg/index.js && echo stray > stray.txt');
    expect([...(await env.pull()).keys()]).toEqual(['stray.txt']);
    await env.pushAll([{ path: 'main.js', content: 'main' }]);
    expect((await env.run('cat node_modules/pkg/index.js; ls')).output).toBe('lib\nmain.js\nnode_modules\n');
    await b.stop('packages');
  });

  it('refuses workspace ids that would leave the workspaces folder', async () => {
    await expect(backend('none').start('../etc')).rejects.toMatchObject({ code: 'environment_failed' });
  });
});

describe.runIf(bwrapAvailable)('local backend inside bubblewrap', () => {
  it('lets a command write only its workspace, without network, in its own PID namespace', async () => {
    const b = backend('bwrap');
    const env = await b.start('jail');
    const script = [
      'pwd',
      '{ echo x > /usr/escape; } 2>/dev/null && echo WROTE-USR || echo usr-read-only',
      `{ echo x > ${dataDir}/escape; } 2>/dev/null && echo WROTE-DATA || echo data-unreachable`,
      'test -e /etc/shadow && echo SHADOW || echo no-shadow',
      '(exec 3<>/dev/tcp/1.1.1.1/80) 2>/dev/null && echo NET || echo no-network',
      'ps -e --no-headers 2>/dev/null | wc -l || ls /proc | grep -c "^[0-9]"',
      'echo ok > inside.txt',
    ].join('; ');
    const { output } = await env.run(script);
    const lines = output.trim().split('\n');
    expect(lines.slice(0, 5)).toEqual(['/app', 'usr-read-only', 'data-unreachable', 'no-shadow', 'no-network']);
    expect(Number(lines[5])).toBeLessThan(10);
    expect(existsSync(join(dataDir, 'escape'))).toBe(false);
    expect(existsSync(join(dataDir, 'workspaces', 'jail', 'inside.txt'))).toBe(true);
    await b.stop('jail');
  });
});
