/**
 * Programs with pipes (language servers) in the local backend: real processes, in
 * the real sandbox where it works here (skipped with the reason where it does not),
 * and in plain mode.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostServiceDuringTests } from './testing/host-service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../contract/wait-for';
import { silentLogger, type ProcessHandle } from '../executor';
import { initialize } from '../processes/testing/lsp-initialize';
import { createLocalBackend, type LocalBackend } from './local-backend';
import { decideSandbox } from './sandbox-probe';
import { makeDataDir, removeDataDir } from './testing/data-dir';

const probeDir = await makeDataDir('tandem-process-probe');
const decision = await decideSandbox({ setting: 'auto', dataDir: probeDir, network: 'internet', logger: silentLogger });
const sandboxWorks = decision.mode === 'bwrap';
if (!sandboxWorks) console.warn(`sandboxed language-server process tests SKIPPED: ${decision.mode === 'unavailable' ? decision.reason : decision.mode}`);

let dataDir: string;
beforeAll(async () => {
  dataDir = await makeDataDir('tandem-process');
});
const backends: LocalBackend[] = [];
afterAll(async () => {
  for (const b of backends) await b.stopAll();
  await removeDataDir(dataDir);
  await removeDataDir(probeDir);
});

function alive(pattern: string): boolean {
  try {
    return execFileSync('pgrep', ['-f', pattern]).toString().trim() !== '';
  } catch {
    return false;
  }
}

function exitOf(handle: ProcessHandle): Promise<[number | null, string | null]> {
  return new Promise((resolve) => handle.onExit((code, signal) => resolve([code, signal])));
}

function collect(handle: ProcessHandle, stream: 'stdout' | 'stderr'): () => Buffer {
  const chunks: Buffer[] = [];
  (stream === 'stdout' ? handle.onStdout : handle.onStderr)((chunk) => chunks.push(chunk));
  return () => Buffer.concat(chunks);
}

const modes = [
  { mode: 'sandbox', sandbox: 'auto', works: sandboxWorks },
  { mode: 'plain', sandbox: 'none', works: true },
] as const;

describe.each(modes)('local programs with pipes ($mode)', ({ mode, sandbox, works }) => {
  const backend = () => {
    const made = createLocalBackend({ dataDir, sandbox });
    backends.push(made);
    return made;
  };
  const start = (name: string) => backend().start(`${mode}-${name}`);

  it.runIf(works)('round-trips 1 MiB through cat, byte for byte', async () => {
    const env = await start('cat');
    const cat = await env.spawnProcess(['cat']);
    const output = collect(cat, 'stdout');
    const input = randomBytes(1024 * 1024);
    for (let i = 0; i < input.length; i += 64 * 1024) cat.write(input.subarray(i, i + 64 * 1024));
    await waitFor(() => output().length >= input.length, 'all of it back', 30_000);
    expect(output().equals(input)).toBe(true);
    cat.kill();
    await exitOf(cat);
  });

  it.runIf(works)('keeps stderr apart and reports the exit code', async () => {
    const env = await start('exit');
    const program = await env.spawnProcess(['sh', '-c', 'echo to-out; echo to-err >&2; exit 3']);
    const out = collect(program, 'stdout');
    const err = collect(program, 'stderr');
    expect(await exitOf(program)).toEqual([3, null]);
    expect([out().toString(), err().toString()]).toEqual(['to-out\n', 'to-err\n']);
  });

  it.runIf(works)('reports a kill with its signal, and the program is gone', async () => {
    const env = await start('kill');
    const sleeper = await env.spawnProcess(['sleep', '4848']);
    await waitFor(() => alive('sleep 4848'), 'the program to run');
    sleeper.kill();
    expect(await exitOf(sleeper)).toEqual([null, 'SIGKILL']);
    await waitFor(() => !alive('sleep 4848'), 'the program to be gone');
  });

  it.runIf(works)('ends with the environment: onExit fires and the process is gone', async () => {
    const b = backend();
    const env = await b.start(`${mode}-stop`);
    const sleeper = await env.spawnProcess(['sleep', '4949']);
    await waitFor(() => alive('sleep 4949'), 'the program to run');
    const exited = exitOf(sleeper);
    await b.stop(`${mode}-stop`);
    expect((await exited)[1]).toBe('SIGKILL');
    await waitFor(() => !alive('sleep 4949'), 'the program to be gone');
  });

  it.runIf(works)('measures the memory of a running program, and none once it ended', async () => {
    const env = await start('memory');
    const cat = await env.spawnProcess(['cat']);
    expect(await cat.memoryBytes()).toBeGreaterThan(0);
    cat.kill();
    await exitOf(cat);
    expect(await cat.memoryBytes()).toBeNull();
  });

  it.runIf(works)('starts pyright from languageTools(), which answers initialize with its capabilities', async () => {
    const env = await start('pyright');
    await env.pushAll([{ path: 'main.py', content: 'x: int = 1\n' }]);
    const tools = await env.languageTools();
    expect(tools.pyright, tools.missing.join('; ')).not.toBeNull();
    // ruff is not in Debian bookworm's archive nor on npm: where it is absent, that is said.
    if (!tools.ruff) expect(tools.missing).toContainEqual(expect.stringMatching(/^ruff is not installed.*: no formatting or lint fixes$/));
    const pyright = await env.spawnProcess(tools.pyright!);
    const answer = await initialize(pyright, sandbox === 'auto' ? 'file:///app' : `file://${dataDir}/workspaces/${mode}-pyright`);
    expect(answer.capabilities).toMatchObject({ hoverProvider: expect.anything(), completionProvider: expect.any(Object), definitionProvider: expect.anything() });
    pyright.kill();
    await exitOf(pyright);
  }, 60_000);
});

describe.runIf(sandboxWorks)('local programs with pipes in the sandbox: network', () => {
  const hostService = hostServiceDuringTests();

  it('has none, even where terminals have the internet', async () => {
    const b = createLocalBackend({ dataDir, network: 'internet' });
    backends.push(b);
    const env = await b.start('process-network');
    const script = [
      `(exec 3<>/dev/tcp/127.0.0.1/${hostService.port()} && cat <&3) 2>/dev/null || echo no-loopback`,
      'timeout 5 bash -c "exec 3<>/dev/tcp/1.1.1.1/53" 2>/dev/null && echo REACHED-INTERNET || echo no-internet',
      'ls /sys/class/net 2>/dev/null | grep -vc "^lo$" || true',
    ].join('; ');
    const program = await env.spawnProcess(['bash', '-c', script]);
    const out = collect(program, 'stdout');
    expect(await exitOf(program)).toEqual([0, null]);
    expect(out().toString().trim().split('\n').slice(0, 2)).toEqual(['no-loopback', 'no-internet']);
  });
});

describe.runIf(sandboxWorks)('local programs with pipes in the sandbox: a toolchain below /tmp', () => {
  it('reads it, though the sandbox has a /tmp of its own (a checkout under /tmp: pyright)', async () => {
    const tool = await mkdtemp(join(tmpdir(), 'tandem-toolchain-'));
    try {
      await chmod(tool, 0o755);
      await writeFile(join(tool, 'tool.txt'), 'tool-ok\n', { mode: 0o644 });
      const b = createLocalBackend({ dataDir, extraReadOnly: [tool] });
      backends.push(b);
      const env = await b.start('toolchain-under-tmp');
      const program = await env.spawnProcess(['cat', join(tool, 'tool.txt')]);
      const out = collect(program, 'stdout');
      expect(await exitOf(program)).toEqual([0, null]);
      expect(out().toString()).toBe('tool-ok\n');
      // Read-only there, like every toolchain.
      const write = await env.spawnProcess(['sh', '-c', `echo x > ${join(tool, 'tool.txt')}`]);
      expect((await exitOf(write))[0]).not.toBe(0);
    } finally {
      await rm(tool, { recursive: true, force: true });
    }
  });
});
