// `npm run bench:reviews`: issue 10's performance figures. With 10,000 requests, 500
// reviewers and 100,000 events, the dashboard list and the reviewer directory answer in
// under 20 ms at p99, and automatic assignment in under 10 ms.
//
// An embedded PostgreSQL in a temporary folder is seeded in bulk
// (persistence/src/bench/review-seed.ts), our server is started on it (core 0, as
// `npm run bench`), and each operation is timed one request at a time from this process
// (core 1) through real HTTP, the way the dashboard asks. Assignment is timed twice:
// the whole submission (POST, reviewer null: the candidate query, the pick, the insert,
// its events, the commit) and the assignment alone (the candidate query and
// pickReviewer, in this process on the same database).
//
//   npm run bench:reviews [-- --samples=400]
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  countOpenReviews, listReviewerCandidates, listReviewerDirectory, listReviews, migrate, openDatabase, startEmbeddedPostgres, type Database,
} from '@tandem/persistence';
import { makeHistory, type History, type Priority } from '../../persistence/src/bench/review-history';
import { seedReviewHistory } from '../../persistence/src/bench/review-seed';
import { freePort } from '../../persistence/src/free-port';
import { pickReviewer } from '../../server/src/reviews/assignment';
import { minReviewerLevel } from '../../server/src/reviews/review-policy';
import { summarize, type Summary } from './generator/stats';
import { table } from './report';
import { oursEntry, repoRoot } from './servers/ours-target';
import { hasTaskset, pinSelf, spawnServer } from './servers/spawn-server';

const { values } = parseArgs({ options: { samples: { type: 'string', default: '300' } } });
const samples = Number(values.samples);
const SIZE = { requests: 10_000, reviewers: 500, authors: 1_500, events: 100_000 };
const OPEN = new Set(['pending', 'in_review', 'changes_requested']);
const PRIORITIES: Priority[] = ['low', 'medium', 'high', 'urgent'];

const log = (s: string) => console.error(s);
const tmp = await mkdtemp(join(tmpdir(), 'tandem-reviews-bench-'));
// Before pinning this process: PostgreSQL would inherit core 1 (see ours-target.ts
// `unpinDescendants`: in production the database never shares the application's core).
const embedded = await startEmbeddedPostgres({ dataDir: join(tmp, 'postgres') });
const pinned = pinSelf(1);
console.log(`tandem reviews bench: ${cpus()[0]?.model ?? 'unknown cpu'} x${cpus().length}, node ${process.version}, ` +
  `server ${hasTaskset ? 'on core 0' : 'unpinned'}, client ${pinned ? 'on core 1' : 'unpinned'}, PostgreSQL unpinned, ${samples} samples per operation, load average ${load()}`);
const db = await openDatabase(embedded.url);
let failed = false;
try {
  await migrate(db);
  let started = performance.now();
  const history = makeHistory({ ...SIZE, now: Date.now() });
  const seeded = await seedReviewHistory(db, history);
  log(`seeded ${SIZE.requests} requests, ${SIZE.reviewers} reviewers (+${SIZE.authors} authors), ${SIZE.events} events in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const who = benchUsers(history);
  const token = async (index: number) => insertToken(db, seeded.userIds[index]!);
  const tokens = { reviewer: await token(who.busiestReviewer), expert: await token(who.expert), author: await token(who.author), reader: await token(who.reader) };
  log(`reviewer ${history.users[who.busiestReviewer]!.username} (${who.openOfBusiest} open), expert ${history.users[who.expert]!.username}, ` +
    `author ${history.users[who.author]!.username} (${who.requestsOfAuthor} requests), queue ${who.queued}`);

  const port = await freePort();
  const server = await spawnServer('ours', ['--max-semi-space-size=16', '--import', 'tsx', oursEntry], {
    cwd: repoRoot,
    env: { PORT: String(port), HOST: '127.0.0.1', TANDEM_DATA_DIR: join(tmp, 'data'), DATABASE_URL: embedded.url, LOG_LEVEL: 'warn', NODE_ENV: 'production' },
    startTimeoutMs: 180_000,
    readyOrigin: `http://127.0.0.1:${port}`,
  });
  try {
    const rows: string[][] = [];
    const measure = async (name: string, target: number | null, run: (i: number) => Promise<void>) => {
      for (let i = 0; i < 30; i++) await run(i); // warm-up: JIT, prepared plans, connections
      const times: number[] = [];
      for (let i = 0; i < samples; i++) {
        started = performance.now();
        await run(i);
        times.push(performance.now() - started);
      }
      const s = summarize(Float64Array.from(times));
      const pass = target === null || s.p99 < target;
      if (!pass) failed = true;
      rows.push([name, ms(s.p50), ms(s.p95), ms(s.p99), ms(s.max), target === null ? '-' : `< ${target}`, target === null ? '' : pass ? 'pass' : 'FAIL']);
      log(`${name}: p99 ${ms(s.p99)} ms`);
    };
    const get = (path: string, bearer: string) => async () => {
      await call(`${server.origin}${path}`, bearer);
    };
    // The floor: what HTTP on loopback and the server's request handling cost with no database and no user.
    await measure('floor: GET /api/health', null, async () => {
      await fetch(`${server.origin}/api/health`).then((r) => r.text());
    });
    await measure('GET /api/reviews?role=reviewer (busiest reviewer)', 20, get('/api/reviews?role=reviewer', tokens.reviewer));
    await measure('GET /api/reviews?role=queue (level 4)', 20, get('/api/reviews?role=queue', tokens.expert));
    await measure('GET /api/reviews?role=author (most requests)', 20, get('/api/reviews?role=author', tokens.author));
    await measure('GET /api/reviews (author or reviewer)', 20, get('/api/reviews', tokens.reviewer));
    await measure('GET /api/reviewers (first page)', 20, get('/api/reviewers', tokens.reader));
    await measure('GET /api/reviewers?level=3', 20, get('/api/reviewers?level=3', tokens.reader));
    await measure('GET /api/reviewers?q=rv01', 20, get('/api/reviewers?q=rv01', tokens.reader));
    const workspace = seeded.workspaceIds[who.author]!;
    await measure('POST /api/workspaces/:id/reviews (reviewer null)', 10, async (i) => {
      const body = { title: `Bench ${i}`, priority: PRIORITIES[i % 4], reviewer: null };
      await call(`${server.origin}/api/workspaces/${workspace}/reviews`, tokens.author, body, 201);
    });
    // The same answers' SQL alone, in this process (no HTTP, no JSON): how much of the figures above is the database's.
    const all = PRIORITIES;
    const reviewerId = seeded.userIds[who.busiestReviewer]!;
    await measure('SQL alone: listReviews + counts (reviewer)', null, async () => {
      await Promise.all([
        listReviews(db.pool, { userId: reviewerId, role: 'reviewer', queuePriorities: all, limit: 51 }),
        countOpenReviews(db.pool, { userId: reviewerId, queuePriorities: all }),
      ]);
    });
    await measure('SQL alone: listReviewerDirectory (first page)', null, async () => {
      await listReviewerDirectory(db.pool, { limit: 51, since: Date.now() - 90 * 86_400_000 });
    });
    await measure('assignment alone: candidates + pickReviewer', 10, async (i) => {
      const priority = PRIORITIES[i % 4]!;
      const authorId = seeded.userIds[(i * 7919) % seeded.userIds.length]!;
      const candidates = await listReviewerCandidates(db.pool, minReviewerLevel(priority), authorId);
      if (!pickReviewer({ authorId, priority }, candidates)) throw new Error(`nobody eligible for ${priority}`);
    });
    console.log('\n' + table(['operation', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'target p99', 'result'], rows));
    console.log(`\nOne request at a time; times are wall time at the client, including HTTP on loopback. Load average now ${load()}: ` +
      'on a shared machine the figures are noisy, so run twice.');
  } finally {
    await server.stop();
  }
} catch (error) {
  console.log(`\n!! reviews bench: ${(error as Error).stack ?? error}`);
  failed = true;
} finally {
  await db.close();
  await embedded.stop();
  await rm(tmp, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);

function load(): string {
  return loadavg().map((l) => l.toFixed(2)).join(' ');
}

function ms(v: number): string {
  return v < 10 ? v.toFixed(2) : v.toFixed(1);
}

async function call(url: string, bearer: string, body?: unknown, status = 200): Promise<void> {
  const res = await fetch(url, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== status) throw new Error(`${url} answered ${res.status}: ${text.slice(0, 300)}`);
}

/** An API token as the server stores them (sha-256 of `tdm_` + base64url(32 bytes)). */
async function insertToken(db: Database, userId: string): Promise<string> {
  const token = `tdm_${randomBytes(32).toString('base64url')}`;
  const hash = createHash('sha256').update(token, 'utf8').digest();
  await db.raw.query(`INSERT INTO api_tokens (user_id, name, token_hash) VALUES ($1, 'bench', $2)`, [userId, hash]);
  return token;
}

/** The heaviest cases of each list: the reviewer with the most open reviews, a level-4 reviewer (the whole queue), the most prolific author. */
function benchUsers(history: History) {
  const open = new Map<number, number>();
  const authored = new Map<number, number>();
  let queued = 0;
  for (const r of history.requests) {
    authored.set(r.author, (authored.get(r.author) ?? 0) + 1);
    if (r.reviewer !== null && OPEN.has(r.status)) open.set(r.reviewer, (open.get(r.reviewer) ?? 0) + 1);
    if (r.reviewer === null && r.status === 'pending') queued++;
  }
  const most = (m: Map<number, number>) => [...m.entries()].reduce((a, b) => (b[1] > a[1] ? b : a));
  const [busiestReviewer, openOfBusiest] = most(open);
  const [author, requestsOfAuthor] = most(authored);
  const expert = history.users.find((u) => u.level === 4 && u.index !== busiestReviewer)!.index;
  const reader = history.users.find((u) => u.level === 0 && u.index !== author)!.index;
  return { busiestReviewer, openOfBusiest, expert, author, requestsOfAuthor, reader, queued };
}
