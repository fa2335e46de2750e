// k6 load test of code review: review requests and their workflow, comment threads
// anchored in the code, replies, the dashboard, changes since the request, the inbox.
//
// setup() makes an author, one reviewer (level 4) per VU, and one workspace per VU with
// a file in it. Each iteration is one whole review, as people do it: the author requests
// a review of their workspace from the VU's reviewer; the reviewer finds it on their
// dashboard, starts it, opens a thread on a line of the file; the author replies and
// reads the threads; the reviewer reads the changes since the request and approves; the
// author finds the verdict in their inbox.
//
// Environment:
//   BASE_URL        server origin                           (http://127.0.0.1:8080)
//   VUS             virtual users (reviewers)               (5)
//   DURATION        test length                             (30s)
//   STAGES          ramping VUs, e.g. "20s:10,1m:10,10s:0"  (overrides VUS/DURATION)
//
// Requests are tagged `endpoint` (create_review, list_reviews, transition, create_thread,
// reply, list_threads, changes, notifications), each with its latency threshold.
// setup() registers VUS + 1 accounts: see api.js about the server's registration limit.
import http from 'k6/http';
import { check, fail, sleep } from 'k6';
import exec from 'k6/execution';
import { Rate } from 'k6/metrics';
import { baseUrl, bearer, createFiles, newAccountWithToken, parseStages } from './lib/api.js';

const VUS = Number(__ENV.VUS || 5);
const stages = parseStages(__ENV.STAGES);

export const options = {
  ...(stages ? { stages } : { vus: VUS, duration: __ENV.DURATION || '30s' }),
  thresholds: {
    'http_req_duration{endpoint:create_review}': ['p(95)<300'],
    'http_req_duration{endpoint:list_reviews}': ['p(95)<150'],
    'http_req_duration{endpoint:transition}': ['p(95)<300'],
    'http_req_duration{endpoint:create_thread}': ['p(95)<300'],
    'http_req_duration{endpoint:reply}': ['p(95)<200'],
    'http_req_duration{endpoint:list_threads}': ['p(95)<150'],
    'http_req_duration{endpoint:changes}': ['p(95)<300'],
    'http_req_duration{endpoint:notifications}': ['p(95)<150'],
    http_req_failed: ['rate<0.01'],
    review_completed: ['rate>0.99'],
  },
};

const completed = new Rate('review_completed');

export function setup() {
  const vus = stages ? Math.max(...stages.map((s) => s.target)) : VUS;
  const run = `k6rv${Date.now().toString(36)}`;
  const author = newAccountWithToken(`${run}a`);
  const lanes = [];
  for (let i = 0; i < vus; i++) {
    const reviewer = newAccountWithToken(`${run}r${i + 1}`);
    // Level 4 may take any priority.
    const level = http.patch(`${baseUrl()}/api/users/me`, JSON.stringify({ reviewerLevel: 4 }), bearer(reviewer.token));
    if (level.status !== 200) fail(`reviewer level: HTTP ${level.status} ${level.body}`);
    const ws = http.post(`${baseUrl()}/api/workspaces`, JSON.stringify({ name: `${run}-${i + 1}` }), bearer(author.token));
    if (ws.status !== 201) fail(`create workspace: HTTP ${ws.status} ${ws.body}`);
    const workspaceId = ws.json('workspace.id');
    const [file] = createFiles(author.token, workspaceId, 1, 'review');
    const text = Array.from({ length: 40 }, (_, n) => `line ${n + 1} of the code under review`).join('\n');
    const path = file.path.replace(/^\//, '').split('/').map(encodeURIComponent).join('/');
    const put = http.put(`${baseUrl()}/api/workspaces/${workspaceId}/files/${path}`, text, {
      headers: { Authorization: `Bearer ${author.token}`, 'Content-Type': 'text/plain' },
    });
    if (put.status >= 300) fail(`write file: HTTP ${put.status} ${put.body}`);
    lanes.push({ workspaceId, file, reviewer: { username: reviewer.username, token: reviewer.token } });
  }
  return { author: author.token, lanes };
}

const ok = (res, what, status) => check(res, { [`${what} ${status}`]: (r) => r.status === status });

export default function (data) {
  const lane = data.lanes[(exec.vu.idInTest - 1) % data.lanes.length];
  const api = baseUrl();
  const asAuthor = (endpoint) => ({ ...bearer(data.author), tags: { endpoint } });
  const asReviewer = (endpoint) => ({ ...bearer(lane.reviewer.token), tags: { endpoint } });
  const n = exec.vu.iterationInScenario;

  const created = http.post(`${api}/api/workspaces/${lane.workspaceId}/reviews`,
    JSON.stringify({ title: `Review ${n} of lane ${exec.vu.idInTest}`, priority: 'medium', reviewer: lane.reviewer.username }), asAuthor('create_review'));
  if (!ok(created, 'create review', 201)) return completed.add(false);
  const reviewId = created.json('review.id');

  const dashboard = http.get(`${api}/api/reviews?role=reviewer&status=pending`, asReviewer('list_reviews'));
  check(dashboard, { 'dashboard lists it': (r) => r.status === 200 && r.json('reviews').some((x) => x.id === reviewId) });

  const transition = (action) => http.post(`${api}/api/reviews/${reviewId}/transitions`, JSON.stringify({ action }), asReviewer('transition'));
  if (!ok(transition('start'), 'start', 200)) return completed.add(false);

  const line = 1 + (n % 40);
  const thread = http.post(`${api}/api/workspaces/${lane.workspaceId}/threads`,
    JSON.stringify({ itemId: lane.file.id, reviewId, range: { line }, body: `Line ${line}: could this be simpler?` }), asReviewer('create_thread'));
  if (!ok(thread, 'create thread', 201)) return completed.add(false);
  const threadId = thread.json('thread.id');

  const reply = http.post(`${api}/api/workspaces/${lane.workspaceId}/threads/${threadId}/comments`,
    JSON.stringify({ body: 'Simplified, thanks.' }), asAuthor('reply'));
  ok(reply, 'reply', 201);

  const threads = http.get(`${api}/api/workspaces/${lane.workspaceId}/threads?reviewId=${reviewId}`, asAuthor('list_threads'));
  check(threads, { 'threads hold ours, anchored': (r) => r.status === 200 && r.json('threads').some((t) => t.id === threadId && t.state === 'anchored') });

  const changes = http.get(`${api}/api/reviews/${reviewId}/changes?since=submission`, asReviewer('changes'));
  ok(changes, 'changes', 200);

  const approved = transition('approve');
  ok(approved, 'approve', 200);

  // Review notifications are written just after the transition commits (the audit trail is
  // the record; the inbox is a nudge, live on /notifications): look again for up to a second.
  const hasVerdict = (r) => r.status === 200 && r.json('notifications').some((x) => x.kind === 'review_verdict' && x.reviewId === reviewId);
  let inbox = http.get(`${api}/api/notifications?limit=20`, asAuthor('notifications'));
  for (let tries = 0; tries < 10 && inbox.status === 200 && !hasVerdict(inbox); tries++) {
    sleep(0.1);
    inbox = http.get(`${api}/api/notifications?limit=20`, asAuthor('notifications'));
  }
  check(inbox, { 'inbox has the verdict within a second': hasVerdict });
  completed.add(approved.status === 200 && reply.status === 201);
}
