// `npm run bench:lsp`: issue 13's figures. In a 2,000-line Python file two editors type
// at once (y-websocket clients, about 12 characters a second each, in their own parts
// of the file) while asking for completions the way Monaco does: at the start of a word
// and after a ".". Measured from the keystroke (the local edit) to the answer on the
// asker's socket: completion p95 under 300 ms. Then one editor writes a syntax error and
// pauses: from the last keystroke to the diagnostic on that line at the typist, under
// 1 s. And pyright's resident memory for the workspace (its process tree, from /proc).
//
// Our server is a process of its own (`npm start`'s flags, its own embedded PostgreSQL,
// core 0 when taskset exists); pyright runs in the workspace's sandbox, as in use.
// Then pyright alone (language-bench-pyright.ts) takes the same change, for the floor.
//
//   npm run bench:lsp [-- --words=60 --pauses=10]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { summarize, type Summary } from './generator/stats';
import { pyrightAloneDiagnostics } from './language-bench-pyright';
import { table } from './report';
import { createToken, createWorkspace } from './servers/provision';
import { spawnOurs } from './servers/ours-target';
import { isDescendant, readProcessTable } from './servers/process-table';
import { hasTaskset, pinSelf } from './servers/spawn-server';

const { values } = parseArgs({ options: { words: { type: 'string', default: '60' }, pauses: { type: 'string', default: '10' } } });
const WORDS = Number(values.words);
const PAUSES = Number(values.pauses);
const KEYSTROKE_MS = 80;
const TARGET = { completionP95: 300, diagnosticsMs: 1000 };

const log = (s: string) => console.error(s);
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** A 2,000-line module: classes with methods, functions, imports, the editors' two regions. */
function bigModule(): string {
  const lines = ['import os', 'import json', 'from dataclasses import dataclass', ''];
  let n = 0;
  while (lines.length < 1990) {
    if (lines.length > 1000 && !lines.includes('# editor B')) lines.push('# editor B', '');
    lines.push('@dataclass', `class Record${n}:`, '    name: str', '    size: int = 0', '', `    def describe${n}(self) -> str:`, `        """Record ${n} as text."""`, '        return f"{self.name}: {self.size}"', '');
    lines.push(`def build${n}(name: str, size: int) -> Record${n}:`, `    path = os.path.join("data", name)`, `    return Record${n}(name=path, size=size + ${n})`, '', '');
    n++;
  }
  lines.push('# editor A', '');
  return `${lines.join('\n')}\n`;
}

/** What each editor types: statements whose words and dots ask for completions. */
const STATEMENTS = ['value = os.path.join(name, "x")', 'record = build3(name, 2)', 'text = record.describe3()', 'data = json.dumps(text)', 'size = len(data)'];

class Editor {
  readonly doc = new Y.Doc();
  readonly text = this.doc.getText('content');
  readonly socket: WebSocket;
  readonly provider: WebsocketProvider;
  private nextId = 1;
  private readonly waiting = new Map<number, (message: { ok: boolean; code?: string }) => void>();
  readonly diagnosticsListeners = new Set<(message: { diagnostics: Array<{ start: string; end: string; message: string }> }) => void>();
  status = '';

  constructor(origin: string, workspaceId: string, readonly itemId: string, token: string) {
    const wsOrigin = origin.replace(/^http/, 'ws');
    this.provider = new WebsocketProvider(`${wsOrigin}/sync/${workspaceId}`, itemId, this.doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      params: { token },
      disableBc: true,
    });
    this.socket = new WebSocket(`${wsOrigin}/ws/${workspaceId}?token=${token}`);
    this.socket.on('message', (data) => {
      const message = JSON.parse(data.toString());
      if (message.type === 'lang.result') this.waiting.get(message.id)?.(message);
      if (message.type === 'lang.status') this.status = message.state;
      if (message.type === 'lang.diagnostics' && message.itemId === itemId) for (const listener of this.diagnosticsListeners) listener(message);
    });
  }

  async ready(): Promise<void> {
    await new Promise<void>((resolve) => (this.provider.synced ? resolve() : this.provider.once('sync', () => resolve())));
    await new Promise<void>((resolve) => (this.socket.readyState === WebSocket.OPEN ? resolve() : this.socket.once('open', () => resolve())));
    this.socket.send(JSON.stringify({ type: 'lang.open', itemId: this.itemId }));
  }

  /** Asks for completions at `index`; resolves with the answer. */
  complete(index: number, triggerCharacter?: string): Promise<{ ok: boolean; code?: string }> {
    const id = this.nextId++;
    const position = b64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(this.text, index)));
    return new Promise((resolve) => {
      this.waiting.set(id, (message) => {
        this.waiting.delete(id);
        resolve(message);
      });
      this.socket.send(JSON.stringify({ type: 'lang.request', id, method: 'completion', itemId: this.itemId, position, stateVector: b64(Y.encodeStateVector(this.doc)), ...(triggerCharacter ? { triggerCharacter } : {}) }));
    });
  }

  resolve(rel: string): number {
    return Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(Buffer.from(rel, 'base64')), this.doc)?.index ?? -1;
  }

  close(): void {
    this.provider.destroy();
    this.socket.close();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Types `WORDS` words' worth of statements after `marker`, asking as Monaco does; returns completion latencies. */
async function type(editor: Editor, marker: string, samples: number[], counts: { superseded: number; failed: number }): Promise<void> {
  let typedWords = 0;
  const pending: Array<Promise<void>> = [];
  for (let s = 0; typedWords < WORDS; s++) {
    const statement = STATEMENTS[s % STATEMENTS.length]!;
    // The cursor is a relative position: the other editor's typing above moves the text.
    let cursor = Y.createRelativePositionFromTypeIndex(editor.text, editor.text.toString().indexOf(marker) + marker.length);
    let at = 0;
    for (let i = 0; i < statement.length; i++) {
      at = editor.resolve(b64(Y.encodeRelativePosition(cursor)));
      const char = statement[i]!;
      const previous = i === 0 ? ' ' : statement[i - 1]!;
      // Monaco asks at the start of a word and after "."; typing on filters what it has.
      const startsWord = /[A-Za-z_]/.test(char) && !/[A-Za-z0-9_.]/.test(previous);
      const started = performance.now();
      editor.text.insert(at, char);
      at++;
      cursor = Y.createRelativePositionFromTypeIndex(editor.text, at, -1);
      if (startsWord || char === '.') {
        if (startsWord) typedWords++;
        pending.push(
          editor.complete(at, char === '.' ? '.' : undefined).then((answer) => {
            if (answer.ok) samples.push(performance.now() - started);
            else if (answer.code === 'cancelled') counts.superseded++;
            else counts.failed++;
          }),
        );
      }
      await sleep(KEYSTROKE_MS);
    }
    editor.text.insert(editor.resolve(b64(Y.encodeRelativePosition(cursor))), '\n');
    await sleep(KEYSTROKE_MS);
  }
  await Promise.all(pending);
}

/** Writes a syntax error, pauses, and times the diagnostic on its line; then removes it. */
async function pauseOnError(editor: Editor, samples: number[]): Promise<void> {
  for (let n = 0; n < PAUSES; n++) {
    const broken = `broken${n} = (`;
    const at = editor.text.toString().indexOf('# editor A\n') + '# editor A\n'.length;
    let last = 0;
    const seen = new Promise<number>((resolve) => {
      const listener = (message: { diagnostics: Array<{ start: string; end: string; message: string }> }) => {
        const lineStart = editor.text.toString().indexOf(broken);
        if (process.env.BENCH_DEBUG) log(JSON.stringify(message.diagnostics.map((d) => [editor.resolve(d.start), d.message])) + ` line at ${lineStart}`);
        if (lineStart < 0 || last === 0) return;
        const hit = message.diagnostics.some((d) => {
          const index = editor.resolve(d.start);
          return index >= lineStart && index <= lineStart + broken.length + 1;
        });
        if (hit) {
          editor.diagnosticsListeners.delete(listener);
          resolve(performance.now() - last);
        }
      };
      editor.diagnosticsListeners.add(listener);
    });
    for (let i = 0; i < broken.length; i++) {
      editor.text.insert(at + i, broken[i]!);
      last = performance.now();
      await sleep(KEYSTROKE_MS);
    }
    editor.text.insert(at + broken.length, '\n');
    last = performance.now();
    const timeout = sleep(10_000).then(() => NaN);
    const latency = await Promise.race([seen, timeout]);
    if (!Number.isNaN(latency)) samples.push(latency);
    else log(`pause ${n}: no diagnostic on the line within 10 s`);
    editor.text.delete(editor.text.toString().indexOf(broken), broken.length + 1);
    await sleep(1500);
  }
}

/** The pids of every process below `root` whose command line is pyright's language server. */
function pyrightProcesses(root: number): number[] {
  const table = readProcessTable();
  return [...table.commands]
    .filter(([pid, command]) => command.includes('pyright') && command.includes('--stdio') && !command.startsWith('sh\0') && isDescendant(table, pid, root))
    .map(([pid]) => pid);
}

/** Resident memory of pyright's processes (the sandbox's wrappers are a few MiB of it). */
function pyrightMemory(root: number): { bytes: number; processes: number } {
  let bytes = 0;
  const pids = pyrightProcesses(root);
  for (const pid of pids) {
    const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    if (rss) bytes += Number(rss) * 1024;
  }
  return { bytes, processes: pids.length };
}

/**
 * pyright is the server's child here and inherits its pinning to core 0; in use it runs
 * in the workspace's environment (a pod, or the sandbox's cgroup with its own CPU
 * quota), never on the server's core. Like PostgreSQL (ours-target.ts), it may run on
 * either core.
 */
function unpinPyright(root: number): void {
  if (!hasTaskset) return;
  for (const pid of pyrightProcesses(root)) spawnSync('taskset', ['-a', '-cp', `0-${Math.max(1, cpus().length - 1)}`, String(pid)]);
}

const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(0)} ms` : 'n/a');
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');

const server = await spawnOurs();
const pinned = pinSelf(1);
const editors: Editor[] = [];
try {
  console.log(`tandem language bench: ${cpus()[0]?.model ?? 'unknown cpu'} x${cpus().length}, node ${process.version}, server ${hasTaskset ? 'on core 0' : 'unpinned'}, editors ${pinned ? 'on core 1' : 'unpinned'}, load average ${loadavg()[0]!.toFixed(2)}`);
  const tokenA = await createToken(server.origin);
  const tokenB = await createToken(server.origin);
  const workspaceId = await createWorkspace(server.origin, tokenA, 'language bench');
  const me = await (await fetch(`${server.origin}/api/auth/me`, { headers: { authorization: `Bearer ${tokenB}` } })).json() as { user: { username: string } };
  const added = await fetch(`${server.origin}/api/workspaces/${workspaceId}/members`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokenA}`, 'content-type': 'application/json' },
    body: JSON.stringify({ username: me.user.username, role: 'editor' }),
  });
  if (!added.ok) throw new Error(`adding the second editor: ${added.status} ${await added.text()}`);
  const source = bigModule();
  const put = await fetch(`${server.origin}/api/workspaces/${workspaceId}/files/main.py`, { method: 'PUT', headers: { authorization: `Bearer ${tokenA}` }, body: source });
  const { item } = (await put.json()) as { item: { id: string } };
  log(`main.py: ${source.split('\n').length - 1} lines, ${source.length} characters`);

  const a = new Editor(server.origin, workspaceId, item.id, tokenA);
  const b = new Editor(server.origin, workspaceId, item.id, tokenB);
  editors.push(a, b);
  await Promise.all([a.ready(), b.ready()]);
  const started = performance.now();
  while (a.status !== 'ready') {
    if (performance.now() - started > 180_000) throw new Error(`pyright did not start (status ${a.status})`);
    await sleep(100);
  }
  log(`pyright ready ${((performance.now() - started) / 1000).toFixed(1)} s after the file opened`);
  unpinPyright(server.pid);
  // Warm up: the first completion loads the stdlib stubs.
  for (let i = 0; i < 3; i++) await a.complete(source.indexOf('os.path') + 3, '.');

  const completions: number[] = [];
  const counts = { superseded: 0, failed: 0 };
  await Promise.all([type(a, '# editor A\n', completions, counts), type(b, '# editor B\n', completions, counts)]);
  const memoryTyping = pyrightMemory(server.pid);
  const diagnostics: number[] = [];
  await pauseOnError(a, diagnostics);
  const memory = pyrightMemory(server.pid);
  const alone = summarize(await pyrightAloneDiagnostics(source, '# editor A\n', PAUSES));

  const c: Summary = summarize(completions);
  const d: Summary = summarize(diagnostics);
  console.log(table(
    ['measure', 'count', 'p50', 'p95', 'p99', 'max', 'target', ''],
    [
      ['completion, keystroke → answer', String(c.count), ms(c.p50), ms(c.p95), ms(c.p99), ms(c.max), `p95 < ${TARGET.completionP95} ms`, verdict(c.p95 < TARGET.completionP95)],
      ['diagnostics, pause → squiggle', String(d.count), ms(d.p50), ms(d.p95), ms(d.p99), ms(d.max), `< ${TARGET.diagnosticsMs} ms`, verdict(d.max < TARGET.diagnosticsMs && d.count === PAUSES)],
      ['pyright alone, change → diagnostics', String(alone.count), ms(alone.p50), ms(alone.p95), ms(alone.p99), ms(alone.max), '(the floor)', ''],
    ],
  ));
  console.log(`completions superseded by a newer one: ${counts.superseded}, failed: ${counts.failed}`);
  console.log(`pyright resident memory for the workspace: ${(memory.bytes / 1024 ** 2).toFixed(0)} MiB (${memory.processes} process${memory.processes === 1 ? '' : 'es'}; ${(memoryTyping.bytes / 1024 ** 2).toFixed(0)} MiB after the typing)`);
} finally {
  for (const editor of editors) editor.close();
  await server.stop();
}
