/**
 * Terminals that outlive their server process (issue 14), with real processes in the
 * real sandbox: a server opens a shell and is killed with SIGKILL; the next server on
 * the same data folder finds the shell, re-attaches and goes on with it.
 */
import { spawn } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../contract/wait-for';
import { silentLogger, type TerminalHandle } from '../executor';
import type { HeldTerminalHandle } from '../holder/holder-client';
import { createLocalBackend, type LocalBackend } from './local-backend';
import { decideSandbox } from './sandbox-probe';
import { makeDataDir, removeDataDir } from './testing/data-dir';

const SERVER = fileURLToPath(new URL('./testing/held-terminal-server.ts', import.meta.url));
const SCRIPT = "echo $$ > /app/pid; PS1=x; printf 'hello\\n'\n";

const probeDir = await makeDataDir('tandem-held-probe');
const decision = await decideSandbox({ setting: 'auto', dataDir: probeDir, network: 'internet', logger: silentLogger });
const sandboxWorks = decision.mode === 'bwrap';
if (!sandboxWorks) console.warn(`held terminals in the sandbox SKIPPED: ${decision.mode === 'unavailable' ? decision.reason : decision.mode}`);

let dataDir: string;
const backends: LocalBackend[] = [];
beforeAll(async () => {
  dataDir = await makeDataDir('tandem-held');
});
afterAll(async () => {
  for (const b of backends) await b.stopAll();
  await removeDataDir(dataDir);
  await removeDataDir(probeDir);
});

function backend(sandbox: 'bwrap' | 'none' = 'bwrap'): LocalBackend {
  const made = createLocalBackend({ dataDir, sandbox });
  backends.push(made);
  return made;
}

/** Runs a server process that opens a terminal and types SCRIPT; kills it with SIGKILL once it saw `hello`. */
async function serverThatDies(workspaceId: string, sandbox: 'bwrap' | 'none', script = SCRIPT): Promise<{ termId: string; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER, dataDir, workspaceId, sandbox, script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const line = await waitFor(() => stdout.includes('\n') && stdout.split('\n')[0], 'the server process to open its terminal', 60_000);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  return JSON.parse(line) as { termId: string; output: string };
}

function collect(handle: TerminalHandle): { text: () => string } {
  let text = '';
  handle.onData((d) => (text += d));
  return { text: () => text };
}

/** Processes whose command line mentions `needle` (the sandbox chain names the data folder). */
async function processesWith(needle: string): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.replaceAll('\0', ' ').includes(needle)) found.push(Number(entry));
  }
  return found;
}

describe.runIf(sandboxWorks)('held terminals in the sandbox', () => {
  it('survive a server killed with SIGKILL: the next server re-attaches to the same shell, screen and offsets', { timeout: 120_000 }, async () => {
    const { termId, output } = await serverThatDies('survivor', 'bwrap');
    expect(output).toContain('hello\r\n');

    const environment = await backend().start('survivor');
    const held = await environment.heldTerminals();
    expect(held.map((t) => t.id)).toEqual([termId]);
    expect(held[0]).toMatchObject({ cols: 80, rows: 24, start: 0, exitCode: null });
    const end = held[0]!.end;
    expect(end).toBeGreaterThanOrEqual(output.length);

    const handle = await environment.reattachTerminal(termId, { since: 0 });
    expect(handle.start).toBe(0);
    const out = collect(handle);
    // The screen as it was: everything the dead server saw, at the same offsets.
    await waitFor(() => out.text().length >= end, 'the replay');
    expect(out.text().startsWith(output)).toBe(true);

    // The same shell: its pid is the one it wrote before the server died.
    const pidBefore = (await environment.run('cat /app/pid')).output.trim();
    handle.write('echo "pid=$$"\n');
    await waitFor(() => out.text().includes(`pid=${pidBefore}\r\n`), 'the same shell answering');

    // A re-attach from an offset gets exactly the rest of the stream (and takes the
    // shell over: a holder has one attacher, the newest).
    const tail = await environment.reattachTerminal(termId, { since: end });
    const rest = collect(tail);
    await waitFor(() => rest.text().includes('x'), 'output after the offset');
    expect(out.text().slice(end).startsWith(rest.text())).toBe(true);

    // stop() is an explicit end: the held shell and everything of its sandbox goes.
    await (handle as HeldTerminalHandle).closed;
    tail.write('sleep 31337 &\n');
    await waitFor(async () => (await processesWith('sleep 31337')).length > 0, 'the background job');
    await backends.at(-1)!.stop('survivor');
    await waitFor(async () => (await processesWith('sleep 31337')).length === 0 && (await processesWith(join(dataDir, 'workspaces'))).length === 0, 'no process left');
    expect(await createLocalBackend({ dataDir }).start('survivor').then((e) => e.heldTerminals())).toEqual([]);
    await createLocalBackend({ dataDir }).stop('survivor');
  });

  it('keep their socket out of every sandbox, this workspace\'s own included', { timeout: 60_000 }, async () => {
    const b = backend();
    const victim = await b.start('held-victim');
    const terminal = await victim.openTerminal({ cols: 80, rows: 24 });
    const socketPath = join(dataDir, 'holders', 'held-victim', `${terminal.id}.sock`);
    const attacker = await b.start('held-attacker');
    const probe = `python3 -c "import socket; s = socket.socket(socket.AF_UNIX); s.connect('${socketPath}'); print('CONNECTED')" 2>&1 | tail -1; ls ${join(dataDir, 'holders')} 2>&1 | tail -1`;
    for (const environment of [attacker, victim]) {
      const { output } = await environment.run(probe);
      expect(output).not.toContain('CONNECTED');
      expect(output).toMatch(/No such file or directory/);
    }
    // And from the victim's own shell, typed into the held terminal.
    const out = collect(terminal);
    terminal.write(`${probe}; echo DO""NE\n`);
    await waitFor(() => out.text().includes('DONE'), 'the probe in the terminal');
    expect(out.text()).not.toContain('CONNECTED\r\n');
    await b.stop('held-victim');
    await b.stop('held-attacker');
  });
});

describe('held terminals in plain mode', () => {
  it('are off with holdTerminals: false: the shell is the server\'s child, as before', async () => {
    const b = createLocalBackend({ dataDir, sandbox: 'none', holdTerminals: false });
    backends.push(b);
    const environment = await b.start('unheld');
    const terminal = await environment.openTerminal({ cols: 80, rows: 24 });
    expect(terminal.detach).toBeUndefined();
    expect(await environment.heldTerminals()).toEqual([]);
    await b.stop('unheld');
  });

  it('survive a server killed with SIGKILL and die with stop()', { timeout: 120_000 }, async () => {
    const { termId, output } = await serverThatDies('plain-survivor', 'none', "echo $$ > pid; PS1=x; printf 'hello\\n'\n");
    const environment = await backend('none').start('plain-survivor');
    const [held] = await environment.heldTerminals();
    expect(held?.id).toBe(termId);
    const handle = await environment.reattachTerminal(termId);
    const out = collect(handle);
    await waitFor(() => out.text().startsWith(output), 'the replay');
    const pid = Number((await readFile(join(dataDir, 'workspaces', 'plain-survivor', 'pid'), 'utf8')).trim());
    expect(await readFile(`/proc/${pid}/stat`, 'utf8').then(() => true, () => false)).toBe(true);
    handle.write('echo "pid=$$"\n');
    await waitFor(() => out.text().includes(`pid=${pid}\r\n`), 'the same shell');
    await backends.at(-1)!.stop('plain-survivor');
    await waitFor(async () => !(await readFile(`/proc/${pid}/stat`, 'utf8').then(() => true, () => false)), 'the shell gone');
  });
});
