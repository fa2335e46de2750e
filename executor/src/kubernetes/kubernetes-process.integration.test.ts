/**
 * Programs with pipes (language servers) in a workspace pod, against the fake API
 * server (real WebSocket exec, commands run on this machine), over v5 and v4.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../contract/wait-for';
import type { ExecutionEnvironment, ProcessHandle } from '../executor';
import { initialize } from '../processes/testing/lsp-initialize';
import { KubernetesBackend } from './kubernetes-backend';
import { startFakeApiServer, type ExecProtocol, type FakeApiServer } from './testing/fake-api-server';

const NAMESPACE = 'tandem-test';

function alive(pattern: string): boolean {
  try {
    return execFileSync('pgrep', ['-f', pattern]).toString().trim() !== '';
  } catch {
    return false;
  }
}

/** What `command -v` finds on this machine's PATH, which is the fake pod's. */
function onPath(name: string): boolean {
  return (process.env.PATH ?? '').split(':').some((dir) => {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function exitOf(handle: ProcessHandle): Promise<[number | null, string | null]> {
  return new Promise((resolve) => handle.onExit((code, signal) => resolve([code, signal])));
}

describe.each<ExecProtocol>(['v5.channel.k8s.io', 'v4.channel.k8s.io'])('Kubernetes programs with pipes over %s', (protocol) => {
  let fake: FakeApiServer;
  let backend: KubernetesBackend;
  let env: ExecutionEnvironment;

  beforeEach(async () => {
    fake = await startFakeApiServer({ protocols: [protocol] });
    backend = new KubernetesBackend({ kubeConfig: fake.kubeConfig(NAMESPACE), namespace: NAMESPACE, readyTimeoutMs: 5_000 });
    env = await backend.start('ws-1');
  });
  afterEach(async () => {
    await backend.stop('ws-1').catch(() => {});
    await fake.close();
  });

  it('round-trips 1 MiB through cat, byte for byte, without a terminal', async () => {
    const cat = await env.spawnProcess(['cat']);
    const chunks: Buffer[] = [];
    cat.onStdout((chunk) => chunks.push(chunk));
    const input = randomBytes(1024 * 1024);
    cat.write(input);
    await waitFor(() => Buffer.concat(chunks).length >= input.length, 'all of it back', 30_000);
    expect(Buffer.concat(chunks).equals(input)).toBe(true);
    cat.kill();
    await exitOf(cat);
  });

  it('keeps stderr apart and reports the exit code from the status channel', async () => {
    const program = await env.spawnProcess(['sh', '-c', 'echo to-out; echo to-err >&2; exit 3']);
    let out = '';
    let err = '';
    program.onStdout((c) => (out += c.toString()));
    program.onStderr((c) => (err += c.toString()));
    expect(await exitOf(program)).toEqual([3, null]);
    expect([out, err]).toEqual(['to-out\n', 'to-err\n']);
    expect(await program.memoryBytes()).toBeNull();
  });

  it('kills the program itself, not only its stream, and reports the signal', async () => {
    const sleeper = await env.spawnProcess(['sleep', '5151']);
    await waitFor(() => alive('sleep 5151'), 'the program to run');
    sleeper.kill();
    expect(await exitOf(sleeper)).toEqual([null, 'SIGKILL']);
    await waitFor(() => !alive('sleep 5151'), 'the program to be gone');
  });

  it('tells the caller when the environment stops under it', async () => {
    const sleeper = await env.spawnProcess(['sleep', '5252']);
    const exited = exitOf(sleeper);
    await backend.stop('ws-1');
    expect(await exited).toEqual([-1, null]);
  });

  it('finds the language servers on the pod\'s PATH, once, and pyright answers initialize', async () => {
    const tools = await env.languageTools();
    expect(tools.pyright).toEqual(onPath('pyright-langserver') ? ['pyright-langserver', '--stdio'] : null);
    expect(tools.ruff).toEqual(onPath('ruff') ? ['ruff', 'server'] : null);
    expect(tools.missing).toHaveLength((tools.pyright ? 0 : 1) + (tools.ruff ? 0 : 1));
    expect(await env.languageTools()).toBe(tools);
    if (!tools.pyright) return;
    const pyright = await env.spawnProcess(tools.pyright);
    const answer = await initialize(pyright, 'file:///app');
    expect(answer.capabilities).toMatchObject({ hoverProvider: expect.anything(), completionProvider: expect.any(Object) });
    pyright.kill();
    await exitOf(pyright);
  }, 60_000);
});
