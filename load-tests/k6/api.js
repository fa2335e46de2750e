// k6 load test of the HTTP API: sign in, list workspaces, write and read files by path.
//
// Environment:
//   BASE_URL        server origin                           (http://127.0.0.1:8080)
//   USERNAME, PASSWORD  the account setup() uses for the token (default: a fresh user)
//   TOKEN, WORKSPACE_ID  as in sync.js
//   VUS             virtual users                           (10)
//   DURATION        test length                             (30s)
//   STAGES          ramping VUs, e.g. "20s:20,1m:20,10s:0"  (overrides VUS/DURATION)
//   LOGIN_INTERVAL  seconds between one VU's sign-ins       (10; spread over the VUs)
//   STAMPEDE        1: every VU signs in at once, each interval (0)
//   FILE_BYTES      size of each written file               (2000)
//
// Requests are tagged `endpoint` (login, list_workspaces, write_file, read_file), and
// each has its own latency threshold. Sign-ins are measured on accounts setup() makes,
// one per VU. The server limits failed sign-ins only (these succeed, so any
// LOGIN_INTERVAL works) but registrations too: 30 an hour per address by default, and
// setup() registers VUS + 1 accounts from this machine, so for more than 29 VUs, or
// repeated runs within the hour, start the server with TANDEM_REGISTRATIONS_PER_ADDRESS
// raised (429 rate_limited in setup otherwise).
import http from 'k6/http';
import { check } from 'k6';
import exec from 'k6/execution';
import { Rate } from 'k6/metrics';
import { apiToken, baseUrl, bearer, createFiles, newAccount, parseStages, workspace } from './lib/api.js';

const VUS = Number(__ENV.VUS || 10);
const LOGIN_INTERVAL_MS = Number(__ENV.LOGIN_INTERVAL || 10) * 1000;
const FILE_BYTES = Number(__ENV.FILE_BYTES || 2000);
const stages = parseStages(__ENV.STAGES);

export const options = {
  ...(stages ? { stages } : { vus: VUS, duration: __ENV.DURATION || '30s' }),
  thresholds: {
    'http_req_duration{endpoint:login}': ['p(95)<500'],
    'http_req_duration{endpoint:list_workspaces}': ['p(95)<100', 'p(99)<250'],
    'http_req_duration{endpoint:write_file}': ['p(95)<150', 'p(99)<300'],
    'http_req_duration{endpoint:read_file}': ['p(95)<100', 'p(99)<250'],
    http_req_failed: ['rate<0.01'],
    content_matches: ['rate>0.99'],
  },
};

const contentMatches = new Rate('content_matches');

export function setup() {
  const token = apiToken();
  const workspaceId = workspace(token, `k6-api-${Date.now()}`);
  const vus = stages ? Math.max(...stages.map((s) => s.target)) : VUS;
  const run = `k6api${Date.now().toString(36)}`;
  const accounts = Array.from({ length: vus }, (_, i) => newAccount(`${run}v${i + 1}`));
  return { accounts, token, workspaceId, files: createFiles(token, workspaceId, vus, 'k6-api') };
}

// Per VU: when it last signed in. People do not all sign in within the same millisecond:
// VU n signs in first n/VUS of the way into the interval, then every LOGIN_INTERVAL, so
// the sign-ins are spread evenly (a stampede of them is another test: STAMPEDE=1).
let lastLogin = null;

export default function (data) {
  const vu = exec.vu.idInTest;
  const auth = bearer(data.token);
  if (lastLogin === null) {
    const vus = data.accounts.length;
    lastLogin = __ENV.STAMPEDE === '1' ? 0 : Date.now() - LOGIN_INTERVAL_MS * (1 - (vu % vus) / vus);
  }
  if (Date.now() - lastLogin >= LOGIN_INTERVAL_MS) {
    lastLogin = Date.now();
    const account = data.accounts[(vu - 1) % data.accounts.length];
    const res = http.post(`${baseUrl()}/api/auth/login`, JSON.stringify(account), {
      headers: { 'Content-Type': 'application/json' },
      tags: { endpoint: 'login' },
    });
    check(res, { 'login 200': (r) => r.status === 200 });
  }

  const list = http.get(`${baseUrl()}/api/workspaces`, { ...auth, tags: { endpoint: 'list_workspaces' } });
  check(list, { 'list has our workspace': (r) => r.status === 200 && r.json('workspaces').some((w) => w.id === data.workspaceId) });

  const file = data.files[(vu - 1) % data.files.length];
  const path = file.path.replace(/^\//, '').split('/').map(encodeURIComponent).join('/');
  const url = `${baseUrl()}/api/workspaces/${data.workspaceId}/files/${path}`;
  const line = `vu ${vu} iteration ${exec.vu.iterationInScenario} `;
  const text = line.repeat(Math.ceil(FILE_BYTES / line.length)).slice(0, FILE_BYTES);
  const put = http.put(url, text, {
    headers: { Authorization: `Bearer ${data.token}`, 'Content-Type': 'text/plain' },
    tags: { endpoint: 'write_file' },
  });
  check(put, { 'write 2xx': (r) => r.status >= 200 && r.status < 300 });

  const get = http.get(url, { headers: { Authorization: `Bearer ${data.token}` }, tags: { endpoint: 'read_file' } });
  // Each VU owns its file, so it reads back exactly what it wrote.
  contentMatches.add(get.status === 200 && get.body === text);
}
