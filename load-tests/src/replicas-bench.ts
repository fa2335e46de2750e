// `npm run bench:replicas` (issue 14): what forwarding to the environment's owner
// costs, and what keeping leases costs.
//
// Two server processes on one PostgreSQL, the local executor. One terminal of one
// workspace owned by replica A; keystroke echo (a key sent until its echo arrives,
// `cat` on a raw terminal, keys 20 ms apart) measured from a socket on A (direct) and
// from a socket on B (forwarded to A over the internal port), alternating in rounds
// so both see the same machine. Then A takes the leases of LEASE_WORKSPACES
// workspaces and the renewal queries it sends in a window are counted.
//
// Targets: forwarding adds at most 1 ms at p99 to terminal echo; lease renewal costs
// at most one query per replica per few seconds, not one per workspace.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import WebSocket from 'ws';
import { removeDataDir } from '@tandem/executor/testing';
import { freePort } from '@tandem/persistence/free-port';
import { embeddedDatabaseUrl, killServer, startServerProcess, type ServerProcess } from '../../server/src/chaos/server-process';
import { TerminalTestClient } from '../../server/src/execution/terminal-test-client';
import { insertSharedWorkspace } from '../../server/src/testing/sql-fixtures';

const ROUNDS = Number(process.env.ROUNDS ?? 10);
const KEYS_PER_ROUND = Number(process.env.KEYS ?? 50);
const LEASE_WORKSPACES = Number(process.env.LEASE_WORKSPACES ?? 200);
const LEASE_WINDOW_MS = Number(process.env.LEASE_WINDOW_MS ?? 15_000);
const SECRET = 'bench-replica-secret-0123456789abcdef';

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
};
const fmt = (ms: number) => ms.toFixed(3);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const dataDir = await mkdtemp(join(tmpdir(), 'tandem-bench-replicas-'));
const servers: ServerProcess[] = [];
// The first replica starts the embedded PostgreSQL; the second is pointed at it.
let databaseUrl: string | undefined;
const start = async (name: string) => {
  const server = await startServerProcess({
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    TANDEM_REPLICA_FANOUT: 'on',
    TANDEM_DATA_DIR: dataDir,
    TANDEM_REPLICA_ID: name,
    TANDEM_INTERNAL_PORT: String(await freePort()),
    TANDEM_REPLICA_SECRET: SECRET,
    LOG_LEVEL: 'warn',
  });
  servers.push(server);
  databaseUrl ??= await embeddedDatabaseUrl(dataDir);
  return server;
};

const progress = (what: string) => process.stderr.write(`${what}\n`);
try {
  const a = await start('a');
  progress('replica a up (embedded PostgreSQL)');
  const b = await start('b');
  progress('replica b up');
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const ws = await insertSharedWorkspace({ raw: pool });

  const direct = TerminalTestClient.connect(a.wsUrl, ws.workspaceId, ws.owner.token);
  direct.send({ type: 'term.open', cols: 80, rows: 24 });
  const termId = (await direct.waitFor((m) => m.type === 'term.opened', 'term.opened', 30_000)).termId as string;
  const forwarded = TerminalTestClient.connect(b.wsUrl, ws.workspaceId, ws.editor.token);
  await forwarded.waitFor((m) => m.type === 'hello', 'hello');
  forwarded.send({ type: 'term.attach', termId, since: 0 });
  direct.send({ type: 'term.input', termId, data: 'stty raw -echo; cat\r' });
  await sleep(500);

  // Echoes are timed on lean sockets: no schema check or JSON parse per frame, so the
  // figures are the servers', not this generator's.
  const lean = async (url: string) => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    let waiting: { key: string; resolve: () => void } | null = null;
    socket.on('message', (data) => {
      if (!waiting) return;
      const text = data.toString();
      if (!text.startsWith('{"type":"term.output"')) return;
      if ((JSON.parse(text) as { data: string }).data.includes(waiting.key)) waiting.resolve();
    });
    return {
      socket,
      echo: (key: string) =>
        new Promise<number>((resolve) => {
          const sent = performance.now();
          waiting = { key, resolve: () => ((waiting = null), resolve(performance.now() - sent)) };
          socket.send(JSON.stringify({ type: 'term.input', termId, data: key }));
          setTimeout(() => waiting?.key === key && console.error(`no echo of ${key} after 5 s`), 5_000).unref();
        }),
    };
  };
  const onOwner = await lean(`${a.wsUrl}/ws/${ws.workspaceId}?token=${ws.owner.token}`);
  const onOther = await lean(`${b.wsUrl}/ws/${ws.workspaceId}?token=${ws.editor.token}`);
  // Attached from the stream's end: no replay, only the echoes to come.
  for (const s of [onOwner, onOther]) s.socket.send(JSON.stringify({ type: 'term.attach', termId, since: 1_000_000_000 }));
  direct.close();
  forwarded.close();
  await sleep(500);
  progress('terminal open on a, attached from b; timing echoes');
  const times = { direct: [] as number[], forwarded: [] as number[] };
  // Alternating key by key, so both see the same machine at the same moments.
  for (let i = 0; i < ROUNDS * KEYS_PER_ROUND; i++) {
    times.direct.push(await onOwner.echo(String.fromCharCode(97 + (i % 26))));
    await sleep(10);
    times.forwarded.push(await onOther.echo(String.fromCharCode(65 + (i % 26))));
    await sleep(10);
  }
  onOwner.socket.close();
  onOther.socket.close();
  const d = { p50: percentile(times.direct, 50), p99: percentile(times.direct, 99) };
  const f = { p50: percentile(times.forwarded, 50), p99: percentile(times.forwarded, 99) };
  console.log(`terminal echo, ${times.direct.length} keys each way (cat on a raw terminal, 20 ms apart):`);
  console.log(`  direct (socket on the owner)      p50 ${fmt(d.p50)} ms  p99 ${fmt(d.p99)} ms`);
  console.log(`  forwarded (socket on the other)   p50 ${fmt(f.p50)} ms  p99 ${fmt(f.p99)} ms`);
  console.log(`  added by forwarding               p50 ${fmt(f.p50 - d.p50)} ms  p99 ${fmt(f.p99 - d.p99)} ms  (target: p99 <= 1 ms)`);

  // Leases: A opens a socket on each of LEASE_WORKSPACES workspaces (each claims its lease), then the renewals are counted.
  const held: TerminalTestClient[] = [];
  for (let i = 0; i < LEASE_WORKSPACES; i++) {
    const w = await insertSharedWorkspace({ raw: pool });
    const client = TerminalTestClient.connect(a.wsUrl, w.workspaceId, w.owner.token);
    await client.waitFor((m) => m.type === 'hello', 'hello');
    held.push(client);
  }
  const renewals = async () => {
    const text = await (await fetch(`${a.url}/metrics`)).text();
    return text.split('\n').filter((l) => l.startsWith('tandem_environment_lease_renewals_total')).reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
  };
  const leases = async () => Number((await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM environment_leases WHERE owner_id = 'a' AND expires_at > now()`)).rows[0]!.n);
  await sleep(1_000);
  const before = await renewals();
  await sleep(LEASE_WINDOW_MS);
  const after = await renewals();
  const perSecond = (after - before) / (LEASE_WINDOW_MS / 1000);
  console.log(`\nleases: replica a holds ${await leases()} leases; ${after - before} renewal queries in ${LEASE_WINDOW_MS / 1000} s (${perSecond.toFixed(2)}/s for all of them; target: one per few seconds per replica)`);
  for (const client of held) client.close();
  await pool.end();
} finally {
  // The one with the embedded PostgreSQL last: the other's connections first.
  for (const server of servers.reverse()) {
    server.child.kill('SIGTERM');
    await Promise.race([server.exited, sleep(20_000)]);
    await killServer(server);
  }
  await removeDataDir(dataDir);
}
