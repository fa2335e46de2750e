// pyright alone, as the floor under `npm run bench:lsp`'s diagnostics figure: the same
// 2,000-line module opened in a pyright process of this benchmark's own (no server, no
// sandbox, no Yjs), the same syntax error typed in one change, timed from `didChange`
// to the `publishDiagnostics` of that version. Whatever the full path takes beyond
// this is ours.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RpcConnection } from '../../server/src/language/json-rpc';
import { LineIndex } from '../../server/src/language/text-positions';

const require = createRequire(import.meta.url);

export async function pyrightAloneDiagnostics(source: string, marker: string, pauses: number): Promise<number[]> {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-pyright-alone-'));
  const file = join(dir, 'main.py');
  await writeFile(file, source);
  const uri = pathToFileURL(file).href;
  const child = spawn(process.execPath, [require.resolve('pyright/langserver.index.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const published = new Set<(params: { uri: string; version?: number; diagnostics: Array<{ range: { start: { line: number } } }> }) => void>();
  const rpc = new RpcConnection({ write: (bytes) => child.stdin.write(bytes) }, {
    notification: (method, params) => {
      if (method === 'textDocument/publishDiagnostics') for (const listener of published) listener(params as never);
    },
    request: (method, params) => (method === 'workspace/configuration' ? ((params as { items: unknown[] }).items ?? []).map(() => ({})) : null),
    broken: () => child.kill(),
  });
  child.stdout.on('data', (chunk: Buffer) => rpc.receive(chunk));
  const samples: number[] = [];
  try {
    await rpc.request('initialize', { processId: null, rootUri: pathToFileURL(dir).href, capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } } }).result;
    rpc.notify('initialized', {});
    const opened = waitFor(published, (p) => p.uri === uri);
    rpc.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: source } });
    await opened;
    let version = 1;
    const line = new LineIndex(source).positionAt(source.indexOf(marker) + marker.length).line;
    for (let n = 0; n < pauses; n++) {
      const text = `broken${n} = (\n`;
      version++;
      const mine = version;
      const seen = waitFor(published, (p) => p.uri === uri && p.version === mine && p.diagnostics.some((d) => d.range.start.line === line));
      const started = performance.now();
      rpc.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text }] });
      await seen;
      samples.push(performance.now() - started);
      version++;
      const cleared = waitFor(published, (p) => p.uri === uri && p.version === version);
      rpc.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: '' }] });
      await cleared;
    }
  } finally {
    child.kill();
    rpc.close();
    await rm(dir, { recursive: true, force: true });
  }
  return samples;
}

function waitFor<T>(listeners: Set<(value: T) => void>, match: (value: T) => boolean): Promise<void> {
  return new Promise((resolve) => {
    const listener = (value: T) => {
      if (!match(value)) return;
      listeners.delete(listener);
      resolve();
    };
    listeners.add(listener);
  });
}
