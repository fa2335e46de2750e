/**
 * Fault injection through the fake API server: what a user sees when the cluster
 * misbehaves. Start failures become typed errors with the reason; a broken exec
 * stream is an error, never a success; a slow reader still gets every byte.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ExecStreamError, PodStartError } from './errors';
import { KubernetesBackend } from './kubernetes-backend';
import { startFakeApiServer, type FakeApiServer, type FakeFaults } from './testing/fake-api-server';
import { PushError } from '../errors';

const NAMESPACE = 'tandem-faults';
let fake: FakeApiServer | undefined;
// The fake's pods share this machine's /tmp: its holders' sockets go here, not in /tmp/tandem-holders.
const holderDir = mkdtempSync(join(tmpdir(), 'tandem-faults-holders-'));
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});
afterAll(() => rmSync(holderDir, { recursive: true, force: true }));

async function backendWith(faults: Partial<FakeFaults>, readyTimeoutMs = 5_000, holdTerminals = true): Promise<KubernetesBackend> {
  fake = await startFakeApiServer({ faults });
  return new KubernetesBackend({ kubeConfig: fake.kubeConfig(NAMESPACE), namespace: NAMESPACE, readyTimeoutMs, holdTerminals, holderDir });
}

describe('start failures', () => {
  it('fails at once when the image cannot be pulled, saying so, and removes the pod', async () => {
    const backend = await backendWith({ imagePull: true }, 60_000);
    const error = await backend.start('ws-img').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PodStartError);
    expect(error).toMatchObject({ kind: 'image-pull', code: 'environment_failed' });
    expect((error as Error).message).toContain('ImagePullBackOff');
    expect(fake!.store.list('pods', NAMESPACE)).toHaveLength(0);
    expect(fake!.store.list('persistentvolumeclaims', NAMESPACE)).toHaveLength(1);
  });

  it('reports unschedulable pods when the ready timeout expires', async () => {
    const backend = await backendWith({ unschedulable: true }, 1_000);
    const error = await backend.start('ws-sched').catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'unschedulable' });
    expect((error as Error).message).toContain('Insufficient cpu');
  });

  it('reports a volume that does not mount from the events', async () => {
    const backend = await backendWith({ volumeMount: true }, 1_000);
    const error = await backend.start('ws-vol').catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'volume' });
    expect((error as Error).message).toContain('FailedMount');
  });

  it('times out a pod that never becomes Ready, and a later start tries again', async () => {
    const backend = await backendWith({ neverReady: true }, 300);
    await expect(backend.start('ws-slow')).rejects.toMatchObject({ kind: 'timeout' });
    fake!.faults.neverReady = false;
    await expect(backend.start('ws-slow')).resolves.toBeDefined();
    await backend.stop('ws-slow');
  });
});

describe('exec failures', () => {
  it('turns a 403 on the exec upgrade into a clear error', async () => {
    const backend = await backendWith({});
    const env = await backend.start('ws-rbac');
    fake!.faults.forbidExec = true;
    const error = await env.run('true').catch((e: unknown) => e);
    expect((error as Error).message).toContain('403');
    expect((error as { cause?: unknown }).cause).toBeInstanceOf(ExecStreamError);
    expect((error as { cause: ExecStreamError }).cause.reason).toBe('forbidden');
    await backend.stop('ws-rbac');
  });

  it('TERM-6: never takes a stream dropped before its status for success (a terminal as an exec stream)', async () => {
    const backend = await backendWith({}, 5_000, false);
    const env = await backend.start('ws-drop');
    fake!.faults.dropBeforeStatus = true;
    await expect(env.run('echo hi')).rejects.toThrow(/exit status/);
    await expect(env.push([{ kind: 'write', path: 'a.txt', content: 'a' }])).rejects.toBeInstanceOf(PushError);
    const terminal = await env.openTerminal({ cols: 80, rows: 24 });
    const code = new Promise<number>((resolve) => terminal.onExit(resolve));
    terminal.write('exit 0\r');
    expect(await code).toBe(-1);
    await backend.stop('ws-drop');
  });

  it('TERM-6: a held terminal\'s exit code is the holder\'s report; a holder lost before it is -1', async () => {
    const backend = await backendWith({});
    const env = await backend.start('ws-drop-held');
    fake!.faults.dropBeforeStatus = true;
    const terminal = await env.openTerminal({ cols: 80, rows: 24 });
    const code = new Promise<number>((resolve) => terminal.onExit(resolve));
    terminal.write('exit 4\r');
    expect(await code).toBe(4); // the holder said so on the protocol, not the exec status
    terminal.kill();
    const lost = await env.openTerminal({ cols: 80, rows: 24 });
    const lostCode = new Promise<number>((resolve) => lost.onExit(resolve));
    lost.write('kill -9 $PPID\r'); // the shell's parent is its holder
    expect(await lostCode).toBe(-1);
    lost.kill();
    await backend.stop('ws-drop-held');
  });

  it('delivers a large push intact to a slow reader', async () => {
    const backend = await backendWith({ slowReader: true });
    const env = await backend.start('ws-slowread');
    const big = 'abcdefghij'.repeat(300_000); // 3 MB: a dozen stdin frames
    await env.push([{ kind: 'write', path: 'big.txt', content: big }]);
    const result = await env.run('wc -c < big.txt');
    expect(result.output.trim()).toBe(String(big.length));
    await backend.stop('ws-slowread');
  });
});
