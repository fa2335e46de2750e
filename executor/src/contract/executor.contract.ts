/**
 * The contract every execution backend passes (local now, Kubernetes against its
 * fake API server): driven through `ExecutorService`, the way the server uses it.
 *
 *   runExecutorContract('local', async () => ({ backend, cleanup }));
 *
 * Each test takes a fresh workspace id; `cleanup` runs after the suite.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutionBackend, PulledChange } from '../executor';
import { ExecutorService } from '../service/executor-service';
import { RecordingSubscriber } from '../terminals/recording-subscriber';
import { MemorySource } from './memory-source';
import { waitFor } from './wait-for';

export interface ContractBackend {
  backend: ExecutionBackend;
  cleanup?(): Promise<void>;
}

export function runExecutorContract(name: string, makeBackend: () => Promise<ContractBackend>): void {
  describe(`executor contract: ${name}`, () => {
    let made: ContractBackend;
    let service: ExecutorService;
    const source = new MemorySource();
    const pulled = new Map<string, PulledChange[]>();
    const statuses = new Map<string, string[]>();

    beforeAll(async () => {
      made = await makeBackend();
      service = new ExecutorService({
        backend: made.backend,
        source,
        onPulled: (workspaceId, changes) => {
          pulled.set(workspaceId, [...(pulled.get(workspaceId) ?? []), ...changes]);
          // As the server does: what comes back becomes the documents' content.
          for (const change of changes) {
            if (change.kind === 'upsert') source.set(workspaceId, change.path, change.content);
            if (change.kind === 'delete') source.delete(workspaceId, change.path);
          }
        },
        onStatus: (workspaceId, status) => statuses.set(workspaceId, [...(statuses.get(workspaceId) ?? []), status.state]),
        push: { quietMs: 20, maxDelayMs: 100 },
        pullQuietMs: 100,
      });
    });
    afterAll(async () => {
      await service?.shutdown();
      await made?.cleanup?.();
    });

    const workspace = (files: Record<string, string> = {}) => {
      const id = `ws-${randomUUID()}`;
      for (const [path, content] of Object.entries(files)) source.set(id, path, content);
      return id;
    };
    const changesOf = (id: string) => pulled.get(id) ?? [];

    it('pushes the workspace on start and runs a command: output and exit code', async () => {
      const id = workspace({ 'hello.txt': 'hello from the editor', 'src/app.sh': 'echo app ran' });
      const result = await service.run(id, 'cat hello.txt; echo; sh src/app.sh; exit 3');
      expect(result).toEqual({ exitCode: 3, output: 'hello from the editor\napp ran\n' });
      expect(service.status(id)).toEqual({ state: 'ready' });
      expect(changesOf(id)).toEqual([]);
    });

    it('applies edits, renames and deletions before the next command runs', async () => {
      const id = workspace({ 'a.txt': 'one', 'old/name.txt': 'moved', 'gone.txt': 'x' });
      await service.ensureStarted(id);
      service.markDirty(id, { kind: 'write', path: 'a.txt', content: () => 'two' });
      service.markDirty(id, { kind: 'rename', from: 'old/name.txt', to: 'new/name.txt', content: 'moved' });
      service.markDirty(id, { kind: 'delete', path: 'gone.txt' });
      const result = await service.run(id, 'cat a.txt; echo; find . -name "*.txt" | sort');
      expect(result.output).toBe('two\n./a.txt\n./new/name.txt\n');
      expect(changesOf(id)).toEqual([]);
    });

    it('brings back files a command creates, changes and deletes, and nothing it did not touch', async () => {
      const id = workspace({ 'gen.sh': 'echo generated > out.txt', 'keep.txt': 'same', 'data.txt': 'v1', 'old.py': 'x' });
      await service.run(id, 'sh gen.sh && echo v2 > data.txt && rm old.py && mkdir -p build/sub');
      expect(changesOf(id)).toEqual([
        { kind: 'delete', path: 'old.py' },
        { kind: 'mkdir', path: 'build' },
        { kind: 'mkdir', path: 'build/sub' },
        { kind: 'upsert', path: 'data.txt', content: 'v2\n' },
        { kind: 'upsert', path: 'out.txt', content: 'generated\n' },
      ]);
    });

    it('TERM-1, TERM-4, TERM-15: runs a terminal: input, output, resize and exit code', async () => {
      const id = workspace();
      const client = new RecordingSubscriber();
      const opened = await service.openTerminal(id, { cols: 80, rows: 24 }, client);
      expect(client.messages[0]).toEqual({ type: 'term.opened', termId: opened.termId, cols: 80, rows: 24 });
      service.writeTerminal(id, opened.termId, 'echo $((6 * 7))\r');
      await waitFor(() => client.text().includes('42'), 'the answer');
      service.resizeTerminal(id, opened.termId, 100, 30);
      service.writeTerminal(id, opened.termId, 'stty size\r');
      await waitFor(() => client.text().includes('30 100'), 'the new size');
      service.writeTerminal(id, opened.termId, 'exit 5\r');
      const exit = await waitFor(() => client.messages.find((m) => m.type === 'term.exit'), 'the exit');
      expect(exit).toEqual({ type: 'term.exit', termId: opened.termId, code: 5 });
      client.checkContiguous();
      expect(service.listTerminals(id)).toContainEqual({ termId: opened.termId, cols: 100, rows: 30, exited: true, exitCode: 5 });
    });

    it('TERM-12: shares a terminal and resumes a reconnecting client exactly where it was', async () => {
      const id = workspace();
      const watcher = new RecordingSubscriber();
      const { termId } = await service.openTerminal(id, { cols: 80, rows: 24 }, watcher);
      const roaming = new RecordingSubscriber();
      service.attachTerminal(id, termId, 0, roaming);
      service.writeTerminal(id, termId, 'echo first-part\r');
      await waitFor(() => roaming.text().includes('first-part\r\n'), 'the first part');
      const seen = roaming.checkContiguous();
      service.detachTerminal(id, termId, roaming);
      service.writeTerminal(id, termId, 'for i in 1 2 3; do echo line-$i; done\r');
      await waitFor(() => watcher.text().includes('line-3'), 'the second part');
      const back = new RecordingSubscriber();
      service.attachTerminal(id, termId, seen, back);
      expect(back.checkContiguous(seen)).toBe(watcher.checkContiguous());
      expect(roaming.text() + back.text()).toBe(watcher.text());
    });

    it('brings back files changed from a terminal once its output settles', async () => {
      const id = workspace({ 'notes.txt': 'before' });
      const client = new RecordingSubscriber();
      const { termId } = await service.openTerminal(id, { cols: 80, rows: 24 }, client);
      service.writeTerminal(id, termId, 'echo after > notes.txt; echo done-$((1+1))\r');
      await waitFor(() => changesOf(id).length > 0, 'pulled changes');
      expect(changesOf(id)).toEqual([{ kind: 'upsert', path: 'notes.txt', content: 'after\n' }]);
      service.closeTerminal(id, termId);
      expect(client.messages.at(-1)).toEqual({ type: 'term.closed', termId });
    });

    it('TERM-12 across servers: a released terminal is taken back by the next service, same termId, same offsets, same shell', async () => {
      const id = workspace();
      const client = new RecordingSubscriber();
      const { termId } = await service.openTerminal(id, { cols: 80, rows: 24 }, client);
      service.writeTerminal(id, termId, 'echo shell=$(($$ + 0))\r');
      await waitFor(() => /shell=\d+\r\n/.test(client.text()), 'the shell');
      const pid = /shell=(\d+)\r\n/.exec(client.text())![1]!;
      const since = client.checkContiguous();
      await service.release(id);
      // The next server process (a restart, another replica), here over the same backend.
      const next = new ExecutorService({ backend: made.backend, source });
      try {
        await next.ensureStarted(id);
        expect(next.listTerminals(id).map((t) => t.termId)).toEqual([termId]);
        const back = new RecordingSubscriber();
        next.attachTerminal(id, termId, since, back);
        next.writeTerminal(id, termId, 'echo again=$(($$ + 0))\r');
        await waitFor(() => back.text().includes(`again=${pid}\r\n`), 'the same shell through the next service');
        expect(back.checkContiguous(since)).toBeGreaterThan(since);
      } finally {
        await next.stop(id);
      }
    });

    it('reports its status, and starts again with the files as the server has them', async () => {
      const id = workspace({ 'f.txt': 'removed while stopped' });
      await service.run(id, 'echo scratch > scratch.txt');
      await service.stop(id);
      expect(service.status(id)).toEqual({ state: 'stopped' });
      source.delete(id, 'f.txt');
      source.set(id, 'g.txt', 'added while stopped');
      const result = await service.run(id, 'ls; cat g.txt scratch.txt');
      expect(result.output).toBe('g.txt\nscratch.txt\nadded while stoppedscratch\n');
      expect(statuses.get(id)).toEqual(['starting', 'ready', 'stopped', 'starting', 'ready']);
    });
  });
}
