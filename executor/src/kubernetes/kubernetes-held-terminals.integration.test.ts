/**
 * Held terminals in a workspace pod (issue 14), against the fake API server, whose
 * exec runs commands on this machine: the holder is started and attached over exec
 * (`holder.py serve --listen`, `holder.py attach`), outlives the server that opened
 * it, and the next server re-attaches to the same shell at the same offsets.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../contract/wait-for';
import type { TerminalHandle } from '../executor';
import { KubernetesBackend } from './kubernetes-backend';
import { startFakeApiServer, type ExecProtocol, type FakeApiServer } from './testing/fake-api-server';

const NAMESPACE = 'tandem-test';

function collect(handle: TerminalHandle): { text: () => string } {
  let text = '';
  handle.onData((d) => (text += d));
  return { text: () => text };
}

describe.each<ExecProtocol>(['v5.channel.k8s.io', 'v4.channel.k8s.io'])('held terminals in a pod over %s', (protocol) => {
  let fake: FakeApiServer;
  let holderDir: string;
  const backend = (epoch: number) =>
    new KubernetesBackend({ kubeConfig: fake.kubeConfig(NAMESPACE), namespace: NAMESPACE, readyTimeoutMs: 5_000, holderDir, epoch });

  beforeEach(async () => {
    fake = await startFakeApiServer({ protocols: [protocol] });
    holderDir = await mkdtemp(join(tmpdir(), 'tandem-pod-holders-'));
  });
  afterEach(async () => {
    await fake.close();
    await rm(holderDir, { recursive: true, force: true });
  });

  it('outlive the server that opened them: the next one re-attaches to the same shell', { timeout: 60_000 }, async () => {
    const first = backend(1);
    const env = await first.start('ws-1');
    const terminal = await env.openTerminal({ cols: 90, rows: 30 });
    const out = collect(terminal);
    terminal.write("PS1='$ '; echo shell=$(($$ + 0))\n");
    await waitFor(() => /shell=\d+\r\n/.test(out.text()), 'the shell');
    const pid = /shell=(\d+)\r\n/.exec(out.text())![1]!;
    await first.release('ws-1');

    const second = backend(2);
    const again = await second.start('ws-1');
    const held = await again.heldTerminals();
    expect(held.map((t) => t.id)).toEqual([terminal.id]);
    expect(held[0]).toMatchObject({ cols: 90, rows: 30, start: 0, exitCode: null });
    const handle = await again.reattachTerminal(terminal.id, { since: 0 });
    expect(handle.start).toBe(0);
    const replay = collect(handle);
    await waitFor(() => replay.text().startsWith(out.text()), 'the replay of what the first server saw');
    handle.write('echo again=$(($$ + 0))\n');
    await waitFor(() => replay.text().includes(`again=${pid}\r\n`), 'the same shell through the next server');

    // The first server lost the workspace: its epoch is refused.
    await expect(backend(1).start('ws-1').then((e) => e.reattachTerminal(terminal.id))).rejects.toThrow(/refused|stale/);

    const exit = new Promise<number>((resolve) => handle.onExit(resolve));
    handle.write('exit 3\n');
    expect(await exit).toBe(3);
    handle.kill();
    await second.stop('ws-1');
  });
});
