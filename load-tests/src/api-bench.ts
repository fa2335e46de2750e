// The HTTP API's cost per request (issue 15): for each endpoint api.js drives (list
// workspaces, read a file, write a file, sign in), a fixed number of requests at a
// fixed concurrency from this process (on core 1), and the CPU the server process spent
// per request (and with its PostgreSQL), read from /proc before and after. CPU per
// request is what decides how many users two cores hold; the latencies are printed
// beside it for the shape, not as the target (k6's api.js measures those).
import { performance } from 'node:perf_hooks';
import { summarize, type Summary } from './generator/stats';
import { treeUsage } from './generator/proc-stats';
import { createFiles, createToken, createWorkspace } from './servers/provision';

export interface ApiBenchTarget {
  origin: string;
  pid: number;
}

export interface EndpointFigures {
  endpoint: string;
  requests: number;
  concurrency: number;
  perSecond: number;
  /** CPU µs of the server process per request. */
  serverCpuUs: number;
  /** CPU µs of the server and its embedded PostgreSQL per request. */
  treeCpuUs: number;
  latencyMs: Summary;
}

const FILE_BYTES = 2000;

interface Endpoint {
  name: string;
  requests: number;
  /** One request by worker `w`; resolves when the answer is read (and checked). */
  send(worker: number, n: number): Promise<void>;
}

async function expectOk(res: Response, what: string): Promise<string> {
  const body = await res.text();
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${body.slice(0, 200)}`);
  return body;
}

export async function runApiBench(server: ApiBenchTarget, opts: { quick?: boolean } = {}): Promise<EndpointFigures[]> {
  const concurrency = 8;
  const scale = opts.quick ? 0.2 : 1;
  const { origin } = server;
  const token = await createToken(origin);
  const workspaceId = await createWorkspace(origin, token, `api-bench-${Date.now()}`);
  const fileIds = await createFiles(origin, token, workspaceId, concurrency, 'api-bench');
  const auth = { authorization: `Bearer ${token}` };
  const fileUrl = (w: number) => `${origin}/api/workspaces/${workspaceId}/files/api-bench-${w}.txt`;
  const text = (w: number, n: number) => `worker ${w} request ${n} `.repeat(FILE_BYTES / 20).slice(0, FILE_BYTES);
  // Sign-in: one account; successful sign-ins are not rate limited.
  const username = `apibench${Date.now().toString(36)}`;
  const password = 'load-test-password-1';
  await expectOk(await fetch(`${origin}/api/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, email: `${username}@example.test`, password }) }), 'register');
  for (let w = 0; w < concurrency; w++) await expectOk(await fetch(fileUrl(w), { method: 'PUT', headers: { ...auth, 'content-type': 'text/plain' }, body: text(w, 0) }), 'seed file');
  void fileIds;

  const endpoints: Endpoint[] = [
    {
      name: 'list workspaces',
      requests: Math.round(3000 * scale),
      send: async () => void (await expectOk(await fetch(`${origin}/api/workspaces`, { headers: auth }), 'list')),
    },
    {
      name: 'read file',
      requests: Math.round(3000 * scale),
      send: async (w) => void (await expectOk(await fetch(fileUrl(w), { headers: auth }), 'read')),
    },
    {
      name: 'write file',
      requests: Math.round(1500 * scale),
      send: async (w, n) => void (await expectOk(await fetch(fileUrl(w), { method: 'PUT', headers: { ...auth, 'content-type': 'text/plain' }, body: text(w, n) }), 'write')),
    },
    {
      // argon2id on purpose: a sign-in is meant to cost tens of milliseconds of CPU.
      name: 'sign in',
      requests: Math.round(100 * scale),
      send: async () => void (await expectOk(await fetch(`${origin}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) }), 'sign in')),
    },
  ];

  const figures: EndpointFigures[] = [];
  for (const endpoint of endpoints) {
    await drive(endpoint, Math.max(concurrency, Math.round(endpoint.requests / 10)), concurrency); // warm-up
    const before = treeUsage(server.pid);
    const started = performance.now();
    const latencies = await drive(endpoint, endpoint.requests, concurrency);
    const seconds = (performance.now() - started) / 1000;
    const after = treeUsage(server.pid);
    figures.push({
      endpoint: endpoint.name,
      requests: endpoint.requests,
      concurrency,
      perSecond: endpoint.requests / seconds,
      serverCpuUs: ((after.rootCpu - before.rootCpu) / endpoint.requests) * 1e6,
      treeCpuUs: ((after.treeCpu - before.treeCpu) / endpoint.requests) * 1e6,
      latencyMs: summarize(latencies),
    });
  }
  return figures;
}

/** `total` requests, `concurrency` at a time; their latencies in ms. */
async function drive(endpoint: Endpoint, total: number, concurrency: number): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      while (next < total) {
        const n = next++;
        const t0 = performance.now();
        await endpoint.send(w, n);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return latencies;
}

export function formatApiFigures(figures: EndpointFigures[]): string {
  const head = 'endpoint          requests  conc   req/s   server CPU/req   with PostgreSQL   p50 ms   p99 ms';
  const rows = figures.map((f) =>
    [
      f.endpoint.padEnd(16),
      String(f.requests).padStart(9),
      String(f.concurrency).padStart(5),
      f.perSecond.toFixed(0).padStart(7),
      `${f.serverCpuUs.toFixed(0)} µs`.padStart(16),
      `${f.treeCpuUs.toFixed(0)} µs`.padStart(17),
      f.latencyMs.p50.toFixed(1).padStart(8),
      f.latencyMs.p99.toFixed(1).padStart(8),
    ].join(' '),
  );
  return [head, ...rows].join('\n');
}
