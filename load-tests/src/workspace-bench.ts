// Issue 3's figures measured THROUGH the server, the way a user feels them:
// - keystroke echo: a character sent on /ws as term.input until it comes back in
//   term.output, against the same measurement on a bare pty in this process
//   (the difference is what the server adds);
// - output flood: 100 MB printed by a command, streamed to a /ws client, with the
//   server's RSS sampled throughout;
// - edit to file: PUT /files/<path> until the file on disk in the local environment
//   has the new text.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as pty from '@lydell/node-pty';
import WebSocket from 'ws';
import { summarize, type Summary } from './generator/stats';
import { createToken, createWorkspace } from './servers/provision';

export interface WorkspaceBenchTarget {
  origin: string;
  pid: number;
  dataDir: string;
}

interface Figures {
  echoServerMs: Summary;
  echoBarePtyMs: Summary;
  flood: { bytes: number; seconds: number; mbPerS: number; rssStartMB: number; rssPeakMB: number; rssGrowthMB: number };
  editToFileMs: Summary;
}

const rssMB = async (pid: number) => {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
};

class TermClient {
  private readonly ws: WebSocket;
  private listeners = new Set<(msg: Record<string, unknown>) => void>();
  readonly opened: Promise<void>;
  constructor(url: string) {
    this.ws = new WebSocket(url);
    this.ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as Record<string, unknown>;
      for (const l of this.listeners) l(msg);
    });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
  }
  send(msg: unknown) {
    this.ws.send(JSON.stringify(msg));
  }
  waitFor(pred: (msg: Record<string, unknown>) => boolean, timeoutMs = 60_000): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(l);
        reject(new Error('timed out waiting for a workspace-socket message'));
      }, timeoutMs);
      const l = (msg: Record<string, unknown>) => {
        if (!pred(msg)) return;
        clearTimeout(timer);
        this.listeners.delete(l);
        resolve(msg);
      };
      this.listeners.add(l);
    });
  }
  on(l: (msg: Record<string, unknown>) => void) {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  close() {
    this.ws.close();
  }
}

/** Types `count` characters one at a time and times each echo. */
async function echoThroughServer(client: TermClient, termId: string, count: number): Promise<number[]> {
  const samples: number[] = [];
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  for (let i = 0; i < count; i++) {
    const ch = letters[i % letters.length]!;
    const started = performance.now();
    const echoed = client.waitFor((m) => m.type === 'term.output' && m.termId === termId && String(m.data).includes(ch), 5_000);
    client.send({ type: 'term.input', termId, data: ch });
    await echoed;
    samples.push(performance.now() - started);
    if (i % 40 === 39) client.send({ type: 'term.input', termId, data: '\u0015' }); // ^U: clear the line
    await new Promise((r) => setTimeout(r, 5));
  }
  client.send({ type: 'term.input', termId, data: '\u0015' });
  return samples;
}

async function echoBarePty(count: number): Promise<number[]> {
  const term = pty.spawn('bash', ['--norc', '--noprofile'], { cols: 120, rows: 30, env: { PATH: process.env.PATH ?? '', TERM: 'xterm-256color' } });
  const samples: number[] = [];
  let waiting: ((d: string) => void) | undefined;
  term.onData((d) => waiting?.(d));
  await new Promise((r) => setTimeout(r, 300));
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  for (let i = 0; i < count; i++) {
    const ch = letters[i % letters.length]!;
    const started = performance.now();
    await new Promise<void>((resolve) => {
      waiting = (d) => {
        if (d.includes(ch)) resolve();
      };
      term.write(ch);
    });
    samples.push(performance.now() - started);
    if (i % 40 === 39) term.write('\u0015');
    await new Promise((r) => setTimeout(r, 5));
  }
  term.kill();
  return samples;
}

async function flood(client: TermClient, termId: string, pid: number, bytes: number) {
  const rssStart = await rssMB(pid);
  let rssPeak = rssStart;
  const sampler = setInterval(() => {
    rssMB(pid).then((v) => (rssPeak = Math.max(rssPeak, v)), () => {});
  }, 100);
  let received = 0;
  const stop = client.on((m) => {
    if (m.type === 'term.output' && m.termId === termId) received += String(m.data).length;
  });
  const started = performance.now();
  const marker = `FLOOD_DONE_${Date.now()}`;
  // base64 of zeros: printable, 4/3 of the input; sized so the output is `bytes`.
  const input = Math.floor((bytes * 3) / 4);
  client.send({ type: 'term.input', termId, data: `head -c ${input} /dev/zero | base64 -w 0; echo; echo ${marker.slice(0, 6)}''${marker.slice(6)}\n` });
  await client.waitFor((m) => m.type === 'term.output' && m.termId === termId && String(m.data).includes(marker), 300_000);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  stop();
  return {
    bytes: received,
    seconds,
    mbPerS: received / 1e6 / seconds,
    rssStartMB: Math.round(rssStart),
    rssPeakMB: Math.round(rssPeak),
    rssGrowthMB: Math.round(rssPeak - rssStart),
  };
}

async function editToFile(origin: string, token: string, workspaceId: string, root: string, count: number): Promise<number[]> {
  const samples: number[] = [];
  const path = 'bench/edit.py';
  for (let i = 0; i < count; i++) {
    const text = `# edit ${i}\nprint(${i})\n`;
    const started = performance.now();
    const res = await fetch(`${origin}/api/workspaces/${workspaceId}/files/${path}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
      body: text,
    });
    if (!res.ok) throw new Error(`PUT answered ${res.status}: ${await res.text()}`);
    for (;;) {
      const onDisk = await readFile(join(root, path), 'utf8').catch(() => '');
      if (onDisk === text) break;
      if (performance.now() - started > 5_000) throw new Error('the edit never reached the environment');
      await new Promise((r) => setTimeout(r, 2));
    }
    samples.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, 50));
  }
  return samples;
}

export async function runWorkspaceBench(target: WorkspaceBenchTarget, opts: { quick: boolean }): Promise<Figures> {
  const token = await createToken(target.origin);
  const workspaceId = await createWorkspace(target.origin, token, 'bench-terminal');
  const client = new TermClient(`${target.origin.replace(/^http/, 'ws')}/ws/${workspaceId}?token=${encodeURIComponent(token)}`);
  await client.opened;
  const opened = client.waitFor((m) => m.type === 'term.opened', 120_000);
  client.send({ type: 'term.open', cols: 120, rows: 30 });
  const termId = String((await opened).termId);
  await new Promise((r) => setTimeout(r, 500));
  const keystrokes = opts.quick ? 100 : 400;
  const echoServer = await echoThroughServer(client, termId, keystrokes);
  const echoBare = await echoBarePty(keystrokes);
  const floodFigures = await flood(client, termId, target.pid, opts.quick ? 10_000_000 : 100_000_000);
  const edits = await editToFile(target.origin, token, workspaceId, join(target.dataDir, 'workspaces', workspaceId), opts.quick ? 20 : 100);
  client.close();
  return {
    echoServerMs: summarize(echoServer),
    echoBarePtyMs: summarize(echoBare),
    flood: floodFigures,
    editToFileMs: summarize(edits),
  };
}

export function formatWorkspaceFigures(f: Figures): string {
  const ms = (s: Summary) => `p50 ${s.p50.toFixed(2)} ms, p99 ${s.p99.toFixed(2)} ms, max ${s.max.toFixed(2)} ms (n=${s.count})`;
  return [
    `keystroke echo through the server: ${ms(f.echoServerMs)}`,
    `keystroke echo on a bare pty:      ${ms(f.echoBarePtyMs)}`,
    `  added by the server: p50 ${(f.echoServerMs.p50 - f.echoBarePtyMs.p50).toFixed(2)} ms, p99 ${(f.echoServerMs.p99 - f.echoBarePtyMs.p99).toFixed(2)} ms (target p99 < 5 ms)`,
    `output flood: ${(f.flood.bytes / 1e6).toFixed(1)} MB to a /ws client in ${f.flood.seconds.toFixed(1)} s (${f.flood.mbPerS.toFixed(1)} MB/s); server RSS ${f.flood.rssStartMB} -> peak ${f.flood.rssPeakMB} MB, growth ${f.flood.rssGrowthMB} MB (target < 50 MB)`,
    `edit (PUT /files) to file in the environment: ${ms(f.editToFileMs)} (target p99 < 300 ms)`,
  ].join('\n');
}
