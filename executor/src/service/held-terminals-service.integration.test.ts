/**
 * The service side of held terminals (issue 14), over the real local backend in its
 * sandbox: a server that lets go of a workspace (a replica handing it on) or dies,
 * and the next one, whose terminal registry has the same terminals at the same
 * offsets, so a client's `term.attach {termId, since}` goes on where it left off.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySource } from '../contract/memory-source';
import { waitFor } from '../contract/wait-for';
import { silentLogger } from '../executor';
import { createLocalBackend } from '../local/local-backend';
import { decideSandbox } from '../local/sandbox-probe';
import { makeDataDir, removeDataDir } from '../local/testing/data-dir';
import { RecordingSubscriber } from '../terminals/recording-subscriber';
import { ExecutorService } from './executor-service';

const probeDir = await makeDataDir('tandem-held-service-probe');
const decision = await decideSandbox({ setting: 'auto', dataDir: probeDir, network: 'internet', logger: silentLogger });
const sandbox = decision.mode === 'bwrap' ? 'bwrap' : 'none';
const source = new MemorySource();
const services: ExecutorService[] = [];
let dataDir: string;

beforeAll(async () => {
  dataDir = await makeDataDir('tandem-held-service');
});
afterAll(async () => {
  await services.at(-1)?.shutdown();
  await removeDataDir(dataDir);
  await removeDataDir(probeDir);
});

function service(extra: { scrollbackUnits?: number } = {}): ExecutorService {
  const units = extra.scrollbackUnits ?? 1024 * 1024;
  const made = new ExecutorService({
    backend: createLocalBackend({ dataDir, sandbox, holderRingUnits: units }),
    source,
    terminal: { scrollbackUnits: units },
  });
  services.push(made);
  return made;
}

describe(`held terminals through the service (${sandbox})`, () => {
  it('a released workspace is taken back by the next server with the same termIds and offsets', { timeout: 90_000 }, async () => {
    source.set('handover', 'main.py', 'print(1)\n');
    const first = service();
    const client = new RecordingSubscriber();
    const { termId } = await first.openTerminal('handover', { cols: 100, rows: 30 }, client);
    first.writeTerminal('handover', termId, "PS1='$ '; echo shell=$(($$ + 0))\n");
    await waitFor(() => /shell=\d+\r\n/.test(client.text()), 'the first output');
    const pid = /shell=(\d+)\r\n/.exec(client.text())![1]!;
    const since = client.checkContiguous();
    await first.release('handover');
    expect(first.listTerminals('handover')).toEqual([]);

    const second = service();
    await second.ensureStarted('handover');
    expect(second.listTerminals('handover')).toEqual([{ termId, cols: 100, rows: 30, exited: false, exitCode: null }]);
    const back = new RecordingSubscriber();
    second.attachTerminal('handover', termId, since, back);
    second.writeTerminal('handover', termId, 'echo again=$(($$ + 0))\n');
    await waitFor(() => back.text().includes(`again=${pid}\r\n`), 'the same shell, through the next server');
    // The client's offsets go on where they were: no skip, no gap, no repeat.
    expect(back.messages.find((m) => m.type === 'term.skipped')).toBeUndefined();
    expect(back.checkContiguous(since)).toBeGreaterThan(since);
    expect((back.messages.find((m) => m.type === 'term.output') as { seq: number }).seq).toBe(since);

    // A client with the whole stream from 0 sees what was printed before the handover.
    const fresh = new RecordingSubscriber();
    second.attachTerminal('handover', termId, 0, fresh);
    await waitFor(() => fresh.text().includes(`shell=${pid}\r\n`) && fresh.text().includes(`again=${pid}\r\n`), 'the replay from 0');
    fresh.checkContiguous(0);

    await second.stop('handover');
    expect(second.listTerminals('handover')).toEqual([]);
    const third = service();
    await third.ensureStarted('handover');
    expect(third.listTerminals('handover')).toEqual([]);
    await third.stop('handover');
  });

  it('a client too far behind gets term.skipped and then the screen as it is now', { timeout: 90_000 }, async () => {
    const first = service({ scrollbackUnits: 8192 });
    const client = new RecordingSubscriber();
    const { termId } = await first.openTerminal('far-behind', { cols: 80, rows: 24 }, client);
    first.writeTerminal('far-behind', termId, "PS1='$ '; for i in $(seq 1 4000); do echo line-$i; done; printf '\\033[2J\\033[HTOP-\\033[31mRED\\033[0m\\n'\n");
    await waitFor(() => client.text().includes('TOP-\x1b[31mRED'), 'the flood and the drawing', 30_000);
    await first.release('far-behind');

    const second = service({ scrollbackUnits: 8192 });
    await second.ensureStarted('far-behind');
    const late = new RecordingSubscriber();
    second.attachTerminal('far-behind', termId, 10, late);
    await waitFor(() => late.messages.some((m) => m.type === 'term.output'), 'the screen');
    const [skipped, screen] = late.messages;
    expect(skipped).toMatchObject({ type: 'term.skipped', from: 10 });
    expect(screen).toMatchObject({ type: 'term.output' });
    const drawn = screen as { seq: number; data: string };
    expect(drawn.data).toContain('TOP-');
    expect(drawn.data).not.toContain('line-3999');
    // The drawing ends where the stream is: the client's next offset is the stream's.
    expect(drawn.seq + drawn.data.length).toBe(client.checkContiguous());
    await second.stop('far-behind');
  });

  it('a server killed with SIGKILL: the next one takes the terminals back at start-up (reclaimOrphans)', { timeout: 90_000 }, async () => {
    const server = fileURLToPath(new URL('../local/testing/held-terminal-server.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', server, dataDir, 'crashed', sandbox, "PS1=x; printf 'hello\\n'\n"], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    await waitFor(() => stdout.includes('\n'), 'the server process to open its terminal', 60_000);
    const { termId } = JSON.parse(stdout.split('\n')[0]!) as { termId: string };
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;

    const next = service();
    await next.reclaimOrphans();
    expect(next.listTerminals('crashed').map((t) => t.termId)).toEqual([termId]);
    const client = new RecordingSubscriber();
    next.attachTerminal('crashed', termId, 0, client);
    await waitFor(() => client.text().includes('hello\r\n'), 'what the dead server\'s shell printed');
    await next.stop('crashed');
  });
});
