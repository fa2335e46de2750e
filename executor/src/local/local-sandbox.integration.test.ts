/**
 * The local sandbox, attacked as a workspace user would attack it (docs/security.md):
 * every test runs real commands in the real sandbox. On CI the sandbox must work
 * (`.ci/run` installs bubblewrap and passt); elsewhere the attacks are skipped with
 * the reason, and the plain-mode tests still run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir } from 'node:fs/promises';
import { hostServiceDuringTests } from './testing/host-service';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../contract/wait-for';
import { silentLogger } from '../executor';
import { createLocalBackend, type LocalBackend, type LocalBackendOptions } from './local-backend';
import type { LocalEnvironment } from './local-environment';
import { decideSandbox } from './sandbox-probe';
import { makeDataDir, removeDataDir } from './testing/data-dir';

let dataDir: string;
let probeDir: string;
beforeAll(async () => {
  dataDir = await makeDataDir('tandem-sandbox');
  process.env.DATABASE_URL = 'postgres://secret@db/tandem';
});
afterAll(async () => {
  delete process.env.DATABASE_URL;
  await removeDataDir(dataDir);
  await removeDataDir(probeDir);
});

probeDir = await makeDataDir('tandem-sandbox-probe');
const decision = await decideSandbox({ setting: 'auto', dataDir: probeDir, network: 'internet', logger: silentLogger });
const sandboxWorks = decision.mode === 'bwrap';
const root = process.getuid?.() === 0;
if (!sandboxWorks) console.warn(`local sandbox attacks SKIPPED: ${decision.mode === 'unavailable' ? decision.reason : decision.mode}`);

const backends: LocalBackend[] = [];
const backend = (extra: Partial<LocalBackendOptions> = {}): LocalBackend => {
  const made = createLocalBackend({ dataDir, ...extra });
  backends.push(made);
  return made;
};
afterAll(async () => {
  for (const b of backends) await b.stopAll();
});

function alive(pattern: string): boolean {
  try {
    return execFileSync('pgrep', ['-f', pattern]).toString().trim() !== '';
  } catch {
    return false;
  }
}

/** Runs a script and returns its lines (stderr too). */
async function lines(env: LocalEnvironment, script: string): Promise<string[]> {
  const { output } = await env.run(script);
  return output.trim().split('\n');
}

describe('the sandbox on CI', () => {
  it.runIf(process.env.CI === 'true')('works (CI must test the sandboxed path, not skip it)', () => {
    expect(decision.mode === 'unavailable' ? decision.reason : decision.mode).toBe('bwrap');
  });
});

describe.runIf(sandboxWorks)('local backend in its sandbox', () => {
  it('gives commands a clean environment: no server secrets', async () => {
    const env = await backend().start('clean-env');
    const { output } = await env.run('env | cut -d= -f1 | sort | tr "\\n" " "');
    expect(output).not.toContain('DATABASE_URL');
    expect(output.split(' ').filter((k) => /^[A-Z]/.test(k) && !['PWD', 'SHLVL', '_', 'OLDPWD'].includes(k))).toEqual(['HISTFILE', 'HOME', 'LANG', 'PATH', 'PIP_BREAK_SYSTEM_PACKAGES', 'PIP_ROOT_USER_ACTION', 'TERM']);
  });

  it('applies the per-process limits', async () => {
    const env = await backend({ limits: { fileSizeBytes: 1024 * 1024, cpuSeconds: 77, processes: 1234 } }).start('limits');
    const { output } = await env.run('ulimit -f -t -u -v');
    expect(output).toMatch(/file size.*\b1024\n.*cpu time.*\b77\n.*processes.*\b1234\n.*virtual memory.*\b4194304\n/s);
    expect((await env.run('head -c 2000000 /dev/zero > big.bin')).exitCode).not.toBe(0);
  });

  it('has no capabilities, no new privileges, the seccomp filter, and is nobody on the host', async () => {
    const b = backend();
    const env = await b.start('caps');
    const [effective, nnp, seccomp] = await lines(env, 'grep -E "^(CapEff|NoNewPrivs|Seccomp):" /proc/self/status | cut -f2');
    expect([effective, nnp, seccomp]).toEqual(['0000000000000000', '1', '2']);
    await env.run('echo mine > owned.txt');
    const { uid } = await import('node:fs').then((fs) => fs.statSync(join(dataDir, 'workspaces', 'caps', 'owned.txt')));
    if (root) expect(uid).toBeGreaterThanOrEqual(1_000_000_000);
  });

  it('cannot read another workspace, the data folder, /etc/shadow or the server\'s files', async () => {
    const b = backend();
    const victim = await b.start('victim');
    await victim.run('echo victim-secret > secret.txt');
    const attacker = await b.start('attacker');
    const out = await lines(
      attacker,
      [
        `cat ${dataDir}/workspaces/victim/secret.txt 2>/dev/null || echo no-victim`,
        `ls ${dataDir} 2>/dev/null || echo no-data-dir`,
        'cat /etc/shadow 2>/dev/null || echo no-shadow',
        'ls /root 2>/dev/null || echo no-root',
        'timeout 20 grep -rl victim-secret / --exclude-dir=proc --exclude-dir=sys --exclude-dir=usr --exclude-dir=dev --exclude-dir=opt 2>/dev/null | head -1; echo searched',
      ].join('; '),
    );
    expect(out).toEqual(['no-victim', 'no-data-dir', 'no-shadow', 'no-root', 'searched']);
  });

  it('can write only its workspace: no write to /usr, /etc or /, no remount', async () => {
    const env = await backend().start('writes');
    const out = await lines(
      env,
      [
        '{ echo x > /usr/escape; } 2>/dev/null && echo WROTE-USR || echo usr-read-only',
        '{ echo x > /etc/escape; } 2>/dev/null && echo WROTE-ETC || echo etc-read-only',
        '{ echo x > /escape; } 2>/dev/null && echo WROTE-ROOT || echo root-read-only',
        'mount -o remount,bind,rw /usr 2>/dev/null && echo REMOUNTED || echo no-remount',
        'mount -t tmpfs x /tmp 2>/dev/null && echo MOUNTED || echo no-mount',
        'unshare -U -r true 2>/dev/null && echo USERNS || echo no-userns',
        'echo ok > inside.txt && echo wrote-workspace',
      ].join('; '),
    );
    expect(out).toEqual(['usr-read-only', 'etc-read-only', 'root-read-only', 'no-remount', 'no-mount', 'no-userns', 'wrote-workspace']);
    expect(existsSync('/usr/escape')).toBe(false);
    expect(existsSync(join(dataDir, 'workspaces', 'writes', 'inside.txt'))).toBe(true);
  });

  it('refuses open_by_handle_at (the "shocker" escape), ptrace and the keyring', async () => {
    const env = await backend().start('syscalls');
    // perl's syscall(): -1 and errno. Unfiltered, open_by_handle_at(0, NULL, 0) is EBADF or EFAULT, not EPERM.
    const out = await lines(env, `perl -e 'for my $nr (304, 101, 250, 321, 425) { my $r = syscall($nr, 0, 0, 0, 0); print "$nr:", ($r == -1 ? ($!{EPERM} ? "EPERM" : "other: $!") : "succeeded"), "\\n" }'`);
    expect(out).toEqual(['304:EPERM', '101:EPERM', '250:EPERM', '321:EPERM', '425:EPERM']);
  });

  it('cannot see or signal the server or any host process', async () => {
    const env = await backend().start('signals');
    const out = await lines(env, `kill -0 ${process.pid} 2>/dev/null && echo SIGNALLED || echo no-such-process; ls /proc | grep -c '^[0-9]'`);
    expect(out[0]).toBe('no-such-process');
    expect(Number(out[1])).toBeLessThan(10);
  });

  describe('network', () => {
    const hostService = hostServiceDuringTests();

    it('cannot reach the host\'s loopback (the server, PostgreSQL)', async () => {
      const env = await backend().start('loopback');
      const out = await lines(env, `for host in 127.0.0.1 localhost; do (exec 3<>/dev/tcp/$host/${hostService.port()} && cat <&3) 2>/dev/null || echo refused-$host; done`);
      expect(out).toEqual(['refused-127.0.0.1', 'refused-localhost']);
    });

    it('has no network at all with network: none', async () => {
      const env = await backend({ network: 'none' }).start('offline');
      const out = await lines(env, 'ip -o link show 2>/dev/null | grep -vc " lo:" || cat /sys/class/net/*/operstate | wc -l');
      expect(Number(out.at(-1))).toBeLessThanOrEqual(1);
    });
  });

  it('keeps pushes inside the workspace while a command swaps a folder for a link (2,000 saves)', async () => {
    const outside = join(dataDir, 'outside');
    await mkdir(outside, { recursive: true });
    const env = await backend().start('race');
    await env.push([{ kind: 'mkdir', path: 'd' }]);
    // A terminal loop swapping d between a real folder and a link to a host folder.
    const term = await env.openTerminal({ cols: 80, rows: 24 });
    term.write(`while true; do rm -rf d; ln -s ${outside} d; rm -f d; mkdir -p d; done\r`);
    for (let round = 0; round < 200; round++) {
      await env.push(Array.from({ length: 10 }, (_, i) => ({ kind: 'write' as const, path: `d/f${round}-${i}.txt`, content: 'x' }))).catch(() => {});
    }
    term.kill();
    expect(await readdir(outside)).toEqual([]);
  }, 240_000);

  it('ends every process a command started, detached or not, when it returns', async () => {
    const env = await backend().start('detached');
    const started = Date.now();
    const result = await env.run('setsid sleep 4545 & nohup sleep 4546 >/dev/null 2>&1 & echo started');
    expect(result.output.trim()).toBe('started');
    expect(Date.now() - started).toBeLessThan(10_000);
    await waitFor(() => !alive('sleep 454[56]'), 'detached children to be gone');
  });

  it('kills background jobs with the terminal and does not let them outlive a stop', async () => {
    const b = backend();
    const env = await b.start('jobs');
    const term = await env.openTerminal({ cols: 80, rows: 24 });
    let out = '';
    term.onData((d) => (out += d));
    term.write('sleep 4242 & echo started-job\r');
    await waitFor(() => out.includes('started-job\r\n'), 'the job');
    await waitFor(() => alive('sleep 4242'), 'the job to run');
    await b.stop('jobs');
    await waitFor(() => !alive('sleep 4242'), 'the job to die');
  });

  it.runIf(root)('bounds the workspace disk: a full disk is ENOSPC there and nowhere else', async () => {
    const b = backend({ limits: { diskBytes: 48 * 1024 ** 2 } });
    const full = await b.start('disk-full');
    const filled = await full.run('head -c 80000000 /dev/zero > fill.bin; echo exit=$?; df -k . | tail -1');
    expect(filled.output).toMatch(/No space left on device/);
    const other = await b.start('disk-other');
    expect((await other.run('head -c 30000000 /dev/zero > big.bin && echo fine')).output.trim()).toBe('fine');
    // Freeing space makes the full one work again: the quota is the workspace's own.
    expect((await full.run('rm fill.bin && echo ok > small.txt && cat small.txt')).output.trim()).toBe('ok');
  });

  it.runIf(root)('a fork bomb in one workspace leaves another workspace\'s terminal answering', async () => {
    const b = backend({ limits: { processes: 128 } });
    const bomb = await b.start('bomb');
    const bombTerm = await bomb.openTerminal({ cols: 80, rows: 24 });
    bombTerm.write('bomb() { bomb | bomb & }; bomb\r');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const other = await b.start('bystander');
    const term = await other.openTerminal({ cols: 80, rows: 24 });
    let out = '';
    term.onData((d) => (out += d));
    term.write('echo still-$((40 + 2))\r');
    await waitFor(() => out.includes('still-42'), 'the other workspace to answer', 20_000);
    await b.stop('bomb');
    await b.stop('bystander');
  }, 60_000);

  it('reclaims processes an earlier server process left behind; its held terminals go with an explicit stop', async () => {
    const first = backend();
    const env = await first.start('orphaned');
    await env.spawnProcess(['sleep', '4242']);
    const term = await env.openTerminal({ cols: 80, rows: 24 });
    let out = '';
    term.onData((d) => (out += d));
    term.write('sleep 4343 & echo started-orphan\r');
    await waitFor(() => out.includes('started-orphan\r\n'), 'the job');
    await waitFor(() => alive('sleep 4343') && alive('sleep 4242'), 'the job and the program to run');
    const second = backend();
    expect(await second.listOrphans()).toContain('orphaned');
    // Reclaiming ends the program with pipes to the dead server, not the held shell...
    await second.reclaim('orphaned');
    await waitFor(() => !alive('sleep 4242'), 'the orphaned program to die');
    expect(alive('sleep 4343')).toBe(true);
    expect(await second.listHeld()).toContain('orphaned');
    // ...which an explicit stop ends, with everything of the workspace.
    await second.stop('orphaned');
    await waitFor(() => !alive('sleep 4343'), 'the held shell\'s job to die');
    expect(await second.listHeld()).not.toContain('orphaned');
  });

  it('keeps installed packages across a restart without ever listing them', async () => {
    const b = backend();
    const env = await b.start('packages');
    await env.run('mkdir -p node_modules/pkg web/node_modules/x && echo lib > node_modules/pkg/index.js && echo lib > web/node_modules/x/i.js && echo stray > stray.txt');
    expect([...(await env.pull()).keys()].sort()).toEqual(['stray.txt', 'web']);
    await env.pushAll([{ path: 'main.js', content: 'main' }]);
    expect((await env.run('cat node_modules/pkg/index.js web/node_modules/x/i.js; ls')).output).toBe('lib\nlib\nmain.js\nnode_modules\nweb\n');
  });

  it('builds a local wheel, pip-installs it into the workspace and imports it', async () => {
    const env = await backend().start('python');
    const script = [
      'mkdir -p pkg/hello && echo "def hi(): return 42" > pkg/hello/__init__.py',
      'printf "[project]\\nname = \\"hello\\"\\nversion = \\"1.0\\"\\n[build-system]\\nrequires = [\\"setuptools\\"]\\nbuild-backend = \\"setuptools.build_meta\\"\\n" > pkg/pyproject.toml',
      'python3 -m pip wheel --quiet --no-index --no-build-isolation --no-deps -w dist ./pkg',
      'python3 -m pip install --quiet --no-index --target deps dist/hello-1.0-*.whl',
      'PYTHONPATH=deps python3 -c "import hello; print(hello.hi())"',
    ].join(' && ');
    const result = await env.run(script);
    expect(result.output.trim().split('\n').at(-1), result.output).toBe('42');
  });
});

describe.runIf(sandboxWorks && root)('local backend with a data folder other uids cannot pass (a checkout under /root)', () => {
  it('mounts workspaces under /run instead, and they work', async () => {
    const closed = await makeDataDir('tandem-closed');
    await chmod(closed, 0o700);
    const b = createLocalBackend({ dataDir: closed });
    try {
      const env = await b.start('closed');
      expect((await env.run('echo hi > f.txt && cat f.txt && node -e "console.log(6 * 7)"')).output).toBe('hi\n42\n');
      expect([...(await env.pull()).keys()]).toEqual(['f.txt']);
    } finally {
      await b.stopAll();
      await removeDataDir(closed);
    }
  });
});

describe('local backend without a sandbox', () => {
  it('refuses workspace ids that would leave the workspaces folder', async () => {
    await expect(backend({ sandbox: 'none' }).start('../etc')).rejects.toMatchObject({ code: 'environment_failed' });
  });

  it('refuses environments with what to install when the sandbox cannot start, and never runs bare', async () => {
    const broken = createLocalBackend({ dataDir: await makeDataDir('tandem-nosandbox'), sandbox: 'auto', extraReadOnly: [] });
    // PATH without bwrap: the sandbox is unavailable, so the environment is refused.
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(broken.start('refused')).rejects.toMatchObject({ code: 'sandbox_unavailable', message: expect.stringMatching(/apt-get install bubblewrap/) });
    } finally {
      process.env.PATH = path;
    }
  });
});
