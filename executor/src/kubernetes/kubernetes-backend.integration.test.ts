/**
 * The Kubernetes backend against the fake API server: the real client code path
 * (REST, watch, exec over WebSocket) end to end, with v5 and with v4.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../contract/wait-for';
import { KubernetesBackend } from './kubernetes-backend';
import { claimName } from './pod-spec';
import { startFakeApiServer, type ExecProtocol, type FakeApiServer } from './testing/fake-api-server';

const NAMESPACE = 'tandem-test';

describe.each<ExecProtocol>(['v5.channel.k8s.io', 'v4.channel.k8s.io'])('KubernetesBackend over %s', (protocol) => {
  let fake: FakeApiServer;
  let backend: KubernetesBackend;

  beforeEach(async () => {
    fake = await startFakeApiServer({ protocols: [protocol] });
    backend = new KubernetesBackend({ kubeConfig: fake.kubeConfig(NAMESPACE), namespace: NAMESPACE, readyTimeoutMs: 5_000 });
  });
  afterEach(async () => {
    await backend.stop('ws-1').catch(() => {});
    await fake.close();
  });

  it('creates a labelled pod and claim and reuses them on a second start', async () => {
    const first = await backend.start('ws-1');
    expect(await backend.start('ws-1')).toBe(first);
    const pods = fake.store.list('pods', NAMESPACE, 'app.kubernetes.io/managed-by=tandem,tandem.dev/workspace=ws-1');
    const claims = fake.store.list('persistentvolumeclaims', NAMESPACE, 'tandem.dev/workspace=ws-1');
    expect(pods).toHaveLength(1);
    expect(claims).toHaveLength(1);
  });

  it('pushes files, runs a command, and brings its files back', async () => {
    const env = await backend.start('ws-1');
    await env.pushAll([
      { path: 'gen.py', content: 'open("out.txt", "w").write("generated\\n")\n' },
      { path: 'src/lib.txt', content: 'lib' },
    ]);
    const result = await env.run('python3 gen.py && cat src/lib.txt && echo err >&2 && exit 3');
    expect(result.exitCode).toBe(3);
    expect(result.output).toContain('lib');
    expect(result.output).toContain('err');
    const tree = await env.pull();
    expect(tree.get('out.txt')).toEqual({ type: 'file', content: 'generated\n', size: 10 });
    expect(tree.get('src')).toEqual({ type: 'folder' });
  });

  it('propagates deletions and renames with a framed push', async () => {
    const env = await backend.start('ws-1');
    await env.push([{ kind: 'write', path: 'old.py', content: 'x' }]);
    await env.push([
      { kind: 'delete', path: 'old.py' },
      { kind: 'write', path: 'new.py', content: 'y' },
    ]);
    const tree = await env.pull();
    expect([...tree.keys()].sort()).toEqual(['new.py']);
    expect(await readFile(join(fake.volumeDir(claimName('ws-1')), 'new.py'), 'utf8')).toBe('y');
  });

  it('TERM-4: opens a terminal with a TTY, resizes it and reports the exit code', async () => {
    const env = await backend.start('ws-1');
    const terminal = await env.openTerminal({ cols: 100, rows: 30 });
    let output = '';
    terminal.onData((data) => (output += data));
    const exited = new Promise<number>((resolve) => terminal.onExit(resolve));
    terminal.write('stty size; exit 7\r');
    expect(await exited).toBe(7);
    expect(output).toContain('30 100');
  });

  it('pings idle terminal streams so proxies do not cut them', async () => {
    const pinging = new KubernetesBackend({ kubeConfig: fake.kubeConfig(NAMESPACE), namespace: NAMESPACE, keepaliveMs: 20 });
    const terminal = await (await pinging.start('ws-1')).openTerminal({ cols: 80, rows: 24 });
    await waitFor(() => fake.execPings >= 2, 'keepalive pings');
    terminal.kill();
  });

  it('stops the pod but keeps the claim, and finds orphans by label', async () => {
    await backend.start('ws-1');
    const other = new KubernetesBackend({ kubeConfig: fake.kubeConfig(NAMESPACE), namespace: NAMESPACE });
    expect(await other.listOrphans()).toEqual(['ws-1']);
    expect(await backend.listOrphans()).toEqual([]);
    await backend.stop('ws-1');
    expect(fake.store.list('pods', NAMESPACE)).toHaveLength(0);
    expect(fake.store.list('persistentvolumeclaims', NAMESPACE)).toHaveLength(1);
  });
});
