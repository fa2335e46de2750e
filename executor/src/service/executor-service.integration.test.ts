import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemorySource } from '../contract/memory-source';
import { waitFor } from '../contract/wait-for';
import type { EnvironmentStatus } from '../executor';
import { createLocalBackend } from '../local/local-backend';
import { RecordingSubscriber } from '../terminals/recording-subscriber';
import { ExecutorService, type ExecutorServiceOptions } from './executor-service';
import { envStatusMessage } from './status-message';

let dataDir: string;
let service: ExecutorService;
let statuses: EnvironmentStatus[];
const source = new MemorySource();

function makeService(extra: Partial<ExecutorServiceOptions> = {}): ExecutorService {
  statuses = [];
  service = new ExecutorService({
    backend: createLocalBackend({ dataDir, sandbox: 'none' }),
    source,
    onStatus: (_id, status) => statuses.push(status),
    ...extra,
  });
  return service;
}

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'tandem-service-'));
});
afterEach(async () => {
  await service?.shutdown();
  await rm(dataDir, { recursive: true, force: true });
});

describe('ExecutorService', () => {
  it('reports a start that fails, with the reason, and can be asked again', async () => {
    makeService();
    await expect(service.ensureStarted('../bad')).rejects.toMatchObject({ code: 'environment_failed' });
    expect(statuses.map((s) => s.state)).toEqual(['starting', 'failed']);
    expect(envStatusMessage(statuses[1]!)).toEqual({ type: 'env.status', status: 'failed', reason: expect.stringContaining('invalid workspace id') });
  });

  it('starts once for concurrent callers', async () => {
    makeService();
    await Promise.all([service.ensureStarted('w1'), service.ensureStarted('w1'), service.run('w1', 'true')]);
    expect(statuses.map((s) => s.state)).toEqual(['starting', 'ready']);
  });

  it('starts the environment for a program with pipes, which ends when the environment stops', async () => {
    makeService();
    source.set('w-lsp', 'main.py', 'x = 1');
    expect((await service.languageTools('w-lsp')).pyright).not.toBeNull();
    const program = await service.spawnProcess('w-lsp', ['sh', '-c', 'cat main.py; exec sleep 600']);
    let out = '';
    program.onStdout((chunk) => (out += chunk.toString()));
    const exited = new Promise((resolve) => program.onExit((code, signal) => resolve([code, signal])));
    await waitFor(() => out === 'x = 1', 'the pushed file, read by the program');
    expect(statuses.map((s) => s.state)).toEqual(['starting', 'ready']);
    await service.stop('w-lsp');
    expect(await exited).toEqual([null, 'SIGKILL']);
  });

  it('writes an edited file to the environment after the quiet period', async () => {
    makeService({ push: { quietMs: 30, maxDelayMs: 200 } });
    source.set('w2', 'main.py', 'print(1)');
    await service.ensureStarted('w2');
    let text = 'print(2)';
    service.markDirty('w2', { kind: 'write', path: 'main.py', content: () => text });
    text = 'print(3)';
    const file = join(dataDir, 'workspaces', 'w2', 'main.py');
    await waitFor(async () => (await readFile(file, 'utf8')) === 'print(3)', 'the edit on disk');
  });

  it('refuses a path that would leave the workspace, and keeps pushing the others', async () => {
    makeService({ push: { quietMs: 10, maxDelayMs: 50 } });
    await service.ensureStarted('w8');
    expect(() => service.markDirty('w8', { kind: 'write', path: '../escape.txt', content: 'x' })).toThrow(expect.objectContaining({ code: 'invalid_path' }));
    expect(() => service.markDirty('w8', { kind: 'rename', from: 'a', to: '/etc/x', content: 'x' })).toThrow(expect.objectContaining({ code: 'invalid_path' }));
    service.markDirty('w8', { kind: 'write', path: 'ok.txt', content: 'fine' });
    expect((await service.run('w8', 'cat ok.txt')).output).toBe('fine');
  });

  it('pushes pending edits before a line typed in a terminal runs', async () => {
    makeService({ push: { quietMs: 60_000, maxDelayMs: 60_000 } });
    source.set('w3', 'main.sh', 'echo old');
    const client = new RecordingSubscriber();
    const { termId } = await service.openTerminal('w3', { cols: 80, rows: 24 }, client);
    service.markDirty('w3', { kind: 'write', path: 'main.sh', content: 'echo new-$((40+2))' });
    service.writeTerminal('w3', termId, 'sh main.sh\r');
    await waitFor(() => client.text().includes('new-42'), 'the edited script to run');
  });

  it('brings back files from a command whose output never goes quiet', async () => {
    const pulled: string[] = [];
    makeService({ pullQuietMs: 60_000, pullMaxDelayMs: 200, onPulled: (_id, changes) => pulled.push(...changes.map((c) => c.path)) });
    const client = new RecordingSubscriber();
    const { termId } = await service.openTerminal('w9', { cols: 80, rows: 24 }, client);
    service.writeTerminal('w9', termId, 'echo made > made.txt; while true; do echo tick; sleep 0.02; done\r');
    await waitFor(() => pulled.includes('made.txt'), 'the file while output continues');
  });

  it('keeps what the workspace ignore file matches out of the pull-back, read afresh before each pull', async () => {
    const pulled: string[] = [];
    makeService({ onPulled: (_id, changes) => pulled.push(...changes.map((c) => `${c.kind} ${c.path}`)) });
    source.set('w12', '.tandemignore', '*.log\nout/\n');
    await service.run('w12', 'echo x > run.log; mkdir out; echo y > out/a.js; echo z > kept.txt');
    expect(pulled).toEqual(['upsert kept.txt']);
    // The edit reaches the next pull without any restart: *.log is no longer ignored.
    source.set('w12', '.tandemignore', 'out/\n');
    await service.run('w12', 'echo x2 > other.log');
    expect(pulled.slice(1).sort()).toEqual(['upsert other.log', 'upsert run.log']);
    // A pattern that matches nothing sane, beside the good one: the pull goes on.
    source.set('w12', '.tandemignore', '[z-a]\n\\\n(\nout/\n');
    await service.run('w12', 'echo w > new.txt; echo v > out/b.js');
    expect(pulled.slice(3)).toEqual(['upsert new.txt']);
  });

  it('stops an environment nobody uses, and tells its terminals', async () => {
    makeService({ lifecycle: { idleStopMs: 300, hardStopMs: 60_000 } });
    const client = new RecordingSubscriber();
    const { termId } = await service.openTerminal('w4', { cols: 80, rows: 24 }, client);
    await waitFor(() => service.status('w4').state === 'stopped' && statuses.at(-1), 'the idle stop');
    expect(statuses.map((s) => s.state)).toEqual(['starting', 'ready', 'stopped']);
    expect(client.messages.at(-1)).toEqual({ type: 'term.closed', termId });
    expect(() => service.writeTerminal('w4', termId, 'x')).toThrow(expect.objectContaining({ code: 'terminal_not_found' }));
  });

  it('does not stop for idleness while another replica records use of the same environment', async () => {
    let elsewhere: number | null = Date.now();
    const recorded: string[] = [];
    makeService({
      lifecycle: { idleStopMs: 300, hardStopMs: 60_000 },
      sharedActivity: { record: (id) => void recorded.push(id), latest: async () => elsewhere },
    });
    const client = new RecordingSubscriber();
    await service.openTerminal('w11', { cols: 80, rows: 24 }, client);
    expect(recorded).toEqual(['w11']); // shared at once, then at most every 30 s
    // People keep working through the other replica: its activity stays recent.
    const busyElsewhere = setInterval(() => (elsewhere = Date.now()), 50);
    await new Promise((r) => setTimeout(r, 1_200));
    expect(service.status('w11').state).toBe('ready');
    // They stop; so, one idle span later, does the environment.
    clearInterval(busyElsewhere);
    elsewhere = null;
    await waitFor(() => service.status('w11').state === 'stopped', 'the idle stop once nobody uses it anywhere');
  });

  it('stops at the hard limit even while a command keeps it busy', async () => {
    makeService({ lifecycle: { idleStopMs: 60_000, hardStopMs: 400 } });
    const running = service.run('w5', 'sleep 30');
    await waitFor(() => service.status('w5').state === 'stopped', 'the hard stop');
    const result = await running;
    expect(result.exitCode).toBe(137);
  });

  it('keeps a terminal for its linger time after its last client leaves', async () => {
    makeService({ terminal: { lingerMs: 200 } });
    const client = new RecordingSubscriber();
    const { termId } = await service.openTerminal('w6', { cols: 80, rows: 24 }, client);
    service.detachAll('w6', client);
    expect(service.listTerminals('w6').map((t) => t.termId)).toEqual([termId]);
    await waitFor(() => service.listTerminals('w6').length === 0, 'the terminal to be reaped');
  });

  it('reclaims what an earlier process left at start-up, and takes its held terminals back', async () => {
    makeService();
    const client = new RecordingSubscriber();
    const { termId } = await service.openTerminal('w7', { cols: 80, rows: 24 }, client);
    const program = await service.spawnProcess('w7', ['sleep', '600']);
    const programExit = new Promise((resolve) => program.onExit((code, signal) => resolve(signal ?? code)));
    const next = new ExecutorService({ backend: createLocalBackend({ dataDir, sandbox: 'none' }), source });
    try {
      expect(await next.reclaimOrphans()).toEqual(['w7']);
      expect(await programExit).toBe('SIGKILL');
      expect(next.listTerminals('w7').map((t) => t.termId)).toEqual([termId]);
    } finally {
      await next.shutdown();
    }
  });
});
