// k6 load test of the HTTP API: sign in, list workspaces, write and read files by path.
//
// Environment:
//   BASE_URL        server origin                           (http://127.0.0.1:8080)
//   USERNAME, PASSWORD  the account VUs sign in with (default: a fresh user made in setup)
//   TOKEN, WORKSPACE_ID  as in sync.js
//   VUS             virtual users                           (10)
//   DURATION        test length                             (30s)
//   STAGES          ramping VUs, e.g. "20s:20,1m:20,10s:0"  (overrides VUS/DURATION)
//   LOGIN_EVERY     sign in once per this many iterations (password hashing is costly on purpose) (10)
//   FILE_BYTES      size of each written file               (2000)
//
// Requests are tagged `endpoint` (login, list_workspaces, write_file, read_file), and
// each has its own latency threshold.
import http from 'k6/http';
import { check } from 'k6';
import exec from 'k6/execution';
import { Rate } from 'k6/metrics';
import { apiToken, baseUrl, bearer, createFiles, parseStages, signIn, workspace } from './lib/api.js';

const VUS = Number(__ENV.VUS || 10);
const LOGIN_EVERY = Number(__ENV.LOGIN_EVERY || 10);
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
  const account = signIn();
  const token = apiToken();
  const workspaceId = workspace(token, `k6-api-${Date.now()}`);
  const files = createFiles(token, workspaceId, stages ? Math.max(...stages.map((s) => s.target)) : VUS, 'k6-api');
  return { account, token, workspaceId, files };
}

export default function (data) {
  const vu = exec.vu.idInTest;
  const auth = bearer(data.token);
  if (exec.vu.iterationInScenario % LOGIN_EVERY === 0) {
    const res = http.post(`${baseUrl()}/api/auth/login`, JSON.stringify(data.account), {
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
