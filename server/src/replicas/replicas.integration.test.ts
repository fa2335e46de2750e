/**
 * Three server processes (`npm start`'s entry point) on one PostgreSQL, behind a
 * round-robin proxy, sharing one data folder (the local executor's environments),
 * with leases at their production timing (10 s, renewed every 3 s):
 *
 * - two users of one workspace on different replicas share a terminal: each sees the
 *   other's input and output; both users' edits reach the environment once; only the
 *   owner ever pushes;
 * - the owner is SIGKILLed: another replica owns the workspace within 15 s, clients
 *   reconnect on their own, and no acknowledged edit is lost;
 * - an owner that is paused (SIGSTOP) past its lease while another takes over never
 *   gets a push in when it wakes: the environment's fence refuses its epoch, or it
 *   sees its lease gone first.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDataDir } from '@tandem/executor/testing';
import { createTestDatabase, type TestDatabase } from '@tandem/persistence/testing';
import { killServer, type ServerProcess } from '../chaos/server-process';
import { TerminalTestClient } from '../execution/terminal-test-client';
import { connectProvider, eventually, synced, type ProviderClient } from '../sync/sync-test-clients';
import { startReplicaProcess } from '../testing/replica-process';
import { startRoundRobinProxy, type RoundRobinProxy } from '../testing/round-robin-proxy';
import { insertSharedWorkspace, type SharedWorkspace } from '../testing/sql-fixtures';

const SECRET = 'replica-test-secret-0123456789abcdef';
const NAMES = ['r1', 'r2', 'r3'] as const;

let database: TestDatabase;
let dataDir: string;
let pool: pg.Pool;
let proxy: RoundRobinProxy;
const replicas = new Map<string, ServerProcess>();
const internalPorts = new Map<string, number>();
const clients: Array<{ close(): void } | ProviderClient> = [];

async function startReplica(name: string): Promise<ServerProcess> {
  const { server, internalPort } = await startReplicaProcess(name, { databaseUrl: database.url, dataDir, secret: SECRET, proxy }, {
    env: { TANDEM_PUSH_QUIET_MS: '20', TANDEM_PUSH_MAX_DELAY_MS: '100' },
  });
  internalPorts.set(name, internalPort);
  replicas.set(name, server);
  return server;
}

const portOf = (server: ServerProcess) => Number(new URL(server.url).port);
const metric = async (server: ServerProcess, name: string) => {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  return text.split('\n').filter((l) => l.startsWith(name)).reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
};
const leaseOf = async (workspaceId: string) =>
  (await pool.query<{ owner_id: string; epoch: string }>('SELECT owner_id, epoch FROM environment_leases WHERE workspace_id = $1 AND expires_at > now()', [workspaceId])).rows[0];

/** A workspace socket through the proxy, and the replica it reached. */
async function socketVia(ws: SharedWorkspace, token: string): Promise<{ client: TerminalTestClient; replica: string }> {
  const before = proxy.routed.length;
  const client = TerminalTestClient.connect(proxy.wsUrl, ws.workspaceId, token);
  clients.push(client);
  await client.waitFor((m) => m.type === 'hello', 'hello');
  return { client, replica: proxy.routed[before]! };
}

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = await mkdtemp(join(tmpdir(), 'tandem-replicas-'));
  // Backends' ports are set as the replicas start, one at a time (the first applies the migrations).
  proxy = await startRoundRobinProxy(NAMES.map((name) => ({ name, port: 1 })));
  for (const name of NAMES) await startReplica(name);
  pool = new pg.Pool({ connectionString: database.url, max: 2 });
}, 180_000);

afterAll(async () => {
  for (const c of clients) ('destroy' in c ? c.destroy() : c.close());
  await proxy?.close();
  for (const server of replicas.values()) await killServer(server);
  await pool?.end();
  await database?.drop();
  if (dataDir) await removeDataDir(dataDir);
}, 60_000);

describe('three replicas, one workspace', () => {
  let ws: SharedWorkspace;
  let ownerToken: string;
  let editorToken: string;
  let alice: TerminalTestClient;
  let bob: TerminalTestClient;
  let aliceOn: string;
  let bobOn: string;
  let termId: string;

  it('lets two users on different replicas share one terminal, answered by the owner', async () => {
    ws = await insertSharedWorkspace({ raw: pool });
    [ownerToken, editorToken] = [ws.owner.token, ws.editor.token];
    ({ client: alice, replica: aliceOn } = await socketVia(ws, ownerToken));
    ({ client: bob, replica: bobOn } = await socketVia(ws, editorToken));
    expect(aliceOn).not.toBe(bobOn);
    // Alice's replica claimed the workspace when her socket opened: it owns the environment.
    await eventually(async () => (await leaseOf(ws.workspaceId))?.owner_id === aliceOn, 'the lease taken by alice\'s replica', 10_000);

    alice.send({ type: 'term.open', cols: 80, rows: 24 });
    termId = (await alice.waitFor((m) => m.type === 'term.opened', 'term.opened', 30_000)).termId;
    // Bob, on another replica, learns of it and joins it through the owner.
    await bob.waitFor((m) => m.type === 'term.list' && m.terminals.some((t: { termId: string }) => t.termId === termId), 'the terminal listed for bob', 10_000);
    bob.send({ type: 'term.attach', termId, since: 0 });
    bob.send({ type: 'term.input', termId, data: 'echo "from-$((40+2))-bob"\r' });
    await alice.waitForOutput(termId, (t) => t.includes('from-42-bob'), 'bob\'s command output on alice\'s screen', 15_000);
    alice.send({ type: 'term.input', termId, data: 'echo "from-$((50+5))-alice"\r' });
    await bob.waitForOutput(termId, (t) => t.includes('from-55-alice'), 'alice\'s command output on bob\'s screen', 15_000);
    expect(alice.errors()).toEqual([]);
    expect(bob.errors()).toEqual([]);
    // The owner answered bob's session as one forwarded to it.
    const owner = replicas.get(aliceOn)!;
    const health = await (await fetch(`${owner.url}/api/health/detailed`)).json();
    expect(health.replicas).toMatchObject({ replicaId: aliceOn, leasesHeld: 1, adopted: 1 });
    expect(await metric(replicas.get(bobOn)!, 'tandem_forwarded_messages_total')).toBeGreaterThanOrEqual(2);
  }, 120_000);

  it('runs a command asked of a replica that does not own the environment, in the owner\'s environment', async () => {
    const response = await fetch(`${replicas.get(bobOn)!.url}/api/workspaces/${ws.workspaceId}/run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${editorToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ command: 'echo "run-$((6*7))" > ran.txt; cat ran.txt' }),
    });
    expect(response.status).toBe(200);
    expect((await response.json()).output).toContain('run-42');
    expect(await readFile(join(dataDir, 'workspaces', ws.workspaceId, 'ran.txt'), 'utf8')).toBe('run-42\n');
    // A viewer is refused by the replica asked, before anything is forwarded.
    const viewer = await fetch(`${replicas.get(bobOn)!.url}/api/workspaces/${ws.workspaceId}/run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ws.viewer.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ command: 'touch viewer-was-here' }),
    });
    expect(viewer.status).toBe(403);
  }, 60_000);

  it('refuses links and runs on the internal port without the secret, for a workspace it does not own, or for a non-member', async () => {
    const port = internalPorts.get(aliceOn)!;
    const link = (headers: Record<string, string>, workspaceId = ws.workspaceId) =>
      new Promise<number>((resolve) => {
        const socket = new WebSocket(`ws://127.0.0.1:${port}/internal/ws/${workspaceId}`, { headers });
        socket.on('close', (code) => resolve(code));
        socket.on('error', () => {});
      });
    const user = (u: { id: string; username: string }, workspaceId = ws.workspaceId) => JSON.stringify({ workspaceId, user: { id: u.id, username: u.username } });
    expect(await link({ 'x-tandem-link': user(ws.editor) })).toBe(4401);
    expect(await link({ 'x-tandem-replica-secret': `${SECRET}x`, 'x-tandem-link': user(ws.editor) })).toBe(4401);
    expect(await link({ 'x-tandem-replica-secret': SECRET, 'x-tandem-link': 'not json' })).toBe(4400);
    expect(await link({ 'x-tandem-replica-secret': SECRET, 'x-tandem-link': user(ws.outsider) })).toBe(4403);
    const other = await insertSharedWorkspace({ raw: pool });
    expect(await link({ 'x-tandem-replica-secret': SECRET, 'x-tandem-link': user(other.owner, other.workspaceId) }, other.workspaceId)).toBe(4409);
    const run = (headers: Record<string, string>) =>
      fetch(`http://127.0.0.1:${port}/internal/run/${ws.workspaceId}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ command: 'touch forged' }) });
    expect((await run({ 'x-tandem-user': JSON.stringify({ id: ws.editor.id, username: ws.editor.username }) })).status).toBe(401);
    expect((await run({ 'x-tandem-replica-secret': SECRET, 'x-tandem-user': JSON.stringify({ id: ws.viewer.id, username: ws.viewer.username }) })).status).toBe(403);
    expect((await run({ 'x-tandem-replica-secret': SECRET, 'x-tandem-user': JSON.stringify({ id: ws.outsider.id, username: ws.outsider.username }) })).status).toBe(404);
    await expect(readFile(join(dataDir, 'workspaces', ws.workspaceId, 'forged'))).rejects.toThrow();
  }, 60_000);

  it('brings both users\' edits, made on different replicas, into the environment once, pushed by the owner alone', async () => {
    const a = connectProvider(proxy.wsUrl, ws.workspaceId, ws.file.id, ownerToken);
    const b = connectProvider(proxy.wsUrl, ws.workspaceId, ws.file.id, editorToken);
    clients.push(a, b);
    await Promise.all([synced(a), synced(b)]);
    a.text.insert(0, 'print("alice")\n');
    b.text.insert(0, 'print("bob")\n');
    await eventually(() => a.text.toString() === b.text.toString() && a.text.length > 20, 'both edits in both documents', 10_000);
    const expected = a.text.toString();
    // The owner hears of the edit made on another replica a moment after the clients see it
    // converge (NOTIFY, then the item's path looked up): ask again until the file has both.
    let printed = '';
    await eventually(async () => {
      const marker = `cat-${Date.now()}`;
      alice.send({ type: 'term.input', termId, data: `cat main.py; echo ${marker}\r` });
      const screen = await alice.waitForOutput(termId, (t) => t.includes(`${marker}\r\n`), 'the cat to finish', 15_000);
      printed = screen.slice(screen.lastIndexOf(`cat main.py; echo ${marker}`));
      return printed.includes('print("bob")') && printed.includes('print("alice")');
    }, 'main.py with both edits in the environment', 15_000);
    expect(printed.split('print("alice")').length - 1).toBe(1);
    expect(printed.split('print("bob")').length - 1).toBe(1);
    expect(await readFile(join(dataDir, 'workspaces', ws.workspaceId, 'main.py'), 'utf8')).toBe(expected);
    // Only the owner pushed; the others never wrote into the environment.
    expect(await metric(replicas.get(aliceOn)!, 'tandem_executor_pushes_total')).toBeGreaterThan(0);
    for (const name of NAMES.filter((n) => n !== aliceOn)) expect(await metric(replicas.get(name)!, 'tandem_executor_pushes_total')).toBe(0);
  }, 60_000);

  it('CLOSE-14: moves the workspace to another replica within 15 s of the owner being SIGKILLed (its linked sockets closed with 4409), losing no acknowledged edit, the same shell back', async () => {
    const owner = replicas.get(aliceOn)!;
    const editorOnOther = connectProvider(`ws://127.0.0.1:${portOf(replicas.get(bobOn)!)}`, ws.workspaceId, ws.file.id, editorToken);
    clients.push(editorOnOther);
    await synced(editorOnOther);
    editorOnOther.text.insert(editorOnOther.text.length, '# before the kill\n');
    alice.send({ type: 'term.input', termId, data: 'echo "shell-$$-pid"; sleep 30 &\r' }); // a command running when the owner dies
    const shellPid = /shell-(\d+)-pid/.exec(await alice.waitForOutput(termId, (t) => /shell-\d+-pid/.test(t), 'the shell\'s pid', 10_000))![1];
    const seenByBob = bob.output(termId).end;
    const killedAt = performance.now();
    await killServer(owner);
    replicas.delete(aliceOn);
    // Bob's socket was routed through the dead owner: told to reconnect (4409), not left hanging.
    const bobClosed = await bob.closed;
    expect(bobClosed.code).toBe(4409);
    // Bob reconnects (through the proxy: it skips the dead replica) and gets the environment from its new owner.
    const again = await socketVia(ws, editorToken);
    // As the IDE does on reconnect: re-attach where it left off. The new owner takes the shell back from its holder.
    again.client.send({ type: 'term.attach', termId, since: seenByBob });
    await again.client.waitFor((m) => m.type === 'env.status' && m.status === 'ready', 'the environment ready under its new owner', 20_000);
    const lease = (await leaseOf(ws.workspaceId))!;
    expect(lease.owner_id).not.toBe(aliceOn);
    expect(Number(lease.epoch)).toBeGreaterThan(1);
    expect(performance.now() - killedAt).toBeLessThan(15_000);
    // The same shell, its output continuing where bob's screen left off, the command still running.
    again.client.send({ type: 'term.input', termId, data: 'echo "again-$$-pid"; jobs\r' });
    const after = await again.client.waitForOutput(termId, (t) => /again-\d+-pid[\s\S]*sleep 30/.test(t), 'the same shell answering', 15_000);
    expect(/again-(\d+)-pid/.exec(after)![1]).toBe(shellPid);
    expect(again.client.output(termId).start).toBe(seenByBob);
    expect(again.client.errors()).toEqual([]);
    // The edit acknowledged before the kill is in the document and reaches the environment under the new owner.
    editorOnOther.text.insert(editorOnOther.text.length, '# after the kill\n');
    await eventually(async () => {
      const onDisk = await readFile(join(dataDir, 'workspaces', ws.workspaceId, 'main.py'), 'utf8').catch(() => '');
      return onDisk.includes('# before the kill') && onDisk.includes('# after the kill');
    }, 'both edits pushed by the new owner', 15_000);
  }, 90_000);

  it('never lets a paused owner push once another replica took its workspace over', async () => {
    const fresh = await insertSharedWorkspace({ raw: pool });
    const token = fresh.owner.token;
    const names = [...replicas.keys()];
    const [pausedName, otherName] = names as [string, string];
    const paused = replicas.get(pausedName)!;
    const other = replicas.get(otherName)!;
    // Owned by `paused`: the first socket of the workspace is opened there, directly.
    const first = TerminalTestClient.connect(`ws://127.0.0.1:${portOf(paused)}`, fresh.workspaceId, token);
    clients.push(first);
    first.send({ type: 'env.start' });
    await first.waitFor((m) => m.type === 'env.status' && m.status === 'ready', 'ready on the first owner', 20_000);
    expect((await leaseOf(fresh.workspaceId))?.owner_id).toBe(pausedName);
    const file = join(dataDir, 'workspaces', fresh.workspaceId, 'main.py');

    paused.child.kill('SIGSTOP');
    try {
      // Its lease runs out; a client on the other replica takes the workspace over and edits.
      const second = TerminalTestClient.connect(`ws://127.0.0.1:${portOf(other)}`, fresh.workspaceId, token);
      clients.push(second);
      second.send({ type: 'env.start' });
      await second.waitFor((m) => m.type === 'env.status' && m.status === 'ready', 'ready on the new owner', 30_000);
      expect((await leaseOf(fresh.workspaceId))?.owner_id).toBe(otherName);
      const editor = connectProvider(`ws://127.0.0.1:${portOf(other)}`, fresh.workspaceId, fresh.file.id, token);
      clients.push(editor);
      await synced(editor);
      editor.text.insert(0, 'NEW OWNER\n');
      await eventually(async () => (await readFile(file, 'utf8').catch(() => '')).includes('NEW OWNER'), 'the new owner\'s push', 10_000);
    } finally {
      paused.child.kill('SIGCONT');
    }
    // Awake, the old owner hears of the edit (NOTIFY) and would push its stale view: it must not land.
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await readFile(file, 'utf8')).toContain('NEW OWNER');
    expect(paused.output()).toMatch(/environment lease lost|owned elsewhere: letting it go|owned by another process now/);
    const fence = await readFile(join(dataDir, 'sandbox', 'fences', fresh.workspaceId, 'epoch'), 'utf8').catch(() => readFile(join(dataDir, 'fences', fresh.workspaceId, 'epoch'), 'utf8'));
    expect(Number(fence)).toBe(Number((await leaseOf(fresh.workspaceId))!.epoch));
  }, 90_000);

  it('hands its workspaces over on SIGTERM: sockets closed with 4503, leases given up at once, another replica owns them in far less than a lease', async () => {
    const fresh = await insertSharedWorkspace({ raw: pool });
    const [stoppingName, nextName] = [...replicas.keys()] as [string, string];
    const stopping = replicas.get(stoppingName)!;
    const first = TerminalTestClient.connect(`ws://127.0.0.1:${portOf(stopping)}`, fresh.workspaceId, fresh.owner.token);
    clients.push(first);
    first.send({ type: 'env.start' });
    await first.waitFor((m) => m.type === 'env.status' && m.status === 'ready', 'ready on the replica to stop', 20_000);
    const epoch = Number((await leaseOf(fresh.workspaceId))!.epoch);

    stopping.child.kill('SIGTERM');
    expect((await first.closed).code).toBe(4503);
    expect(await stopping.exited).toBe(0);
    replicas.delete(stoppingName);
    expect(await leaseOf(fresh.workspaceId)).toBeUndefined(); // released, not left to expire
    const startedAt = performance.now();
    const next = TerminalTestClient.connect(`ws://127.0.0.1:${portOf(replicas.get(nextName)!)}`, fresh.workspaceId, fresh.owner.token);
    clients.push(next);
    next.send({ type: 'env.start' });
    await next.waitFor((m) => m.type === 'env.status' && m.status === 'ready', 'ready on the next replica', 20_000);
    expect(performance.now() - startedAt).toBeLessThan(5_000);
    expect(await leaseOf(fresh.workspaceId)).toMatchObject({ owner_id: nextName, epoch: String(epoch + 1) });
  }, 60_000);
});
