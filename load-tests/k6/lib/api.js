// Shared setup for the k6 scripts: sign in (or sign up), make an API token,
// create a workspace and files. k6 v1.x: k6/http only.
import http from 'k6/http';
import { fail } from 'k6';

export function baseUrl() {
  return (__ENV.BASE_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
}

export function wsUrl() {
  return baseUrl().replace(/^http/, 'ws');
}

function json(res, what) {
  if (res.status < 200 || res.status >= 300) fail(`${what}: HTTP ${res.status} ${res.body}`);
  return res.json();
}

const JSON_HEADERS = { 'Content-Type': 'application/json' };
const DEFAULT_PASSWORD = 'k6-load-test-password';

/** A new account, signed in (its session cookie is in this VU's jar): {username, password}. */
export function newAccount(username) {
  const password = DEFAULT_PASSWORD;
  const body = JSON.stringify({ username, email: `${username}@example.test`, password });
  json(http.post(`${baseUrl()}/api/auth/register`, body, { headers: JSON_HEADERS }), 'register');
  return { username, password };
}

/**
 * USERNAME/PASSWORD if given (signing up when the user does not exist yet), otherwise
 * a fresh user; signed in either way. Returns {username, password}.
 */
export function signIn() {
  if (!__ENV.USERNAME) return newAccount(`k6${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`);
  const username = __ENV.USERNAME;
  const password = __ENV.PASSWORD || DEFAULT_PASSWORD;
  const res = http.post(`${baseUrl()}/api/auth/login`, JSON.stringify({ username, password }), { headers: JSON_HEADERS });
  if (res.status === 200) return { username, password };
  return newAccount(username);
}

/** An API token of the account signed in last in this VU (cookie auth needs our own Origin). */
function createToken() {
  const res = http.post(`${baseUrl()}/api/tokens`, JSON.stringify({ name: 'k6' }), {
    headers: { 'Content-Type': 'application/json', Origin: baseUrl() },
  });
  return json(res, 'create token').token;
}

/** TOKEN if given; otherwise signs in and creates one. */
export function apiToken() {
  if (__ENV.TOKEN) return __ENV.TOKEN;
  signIn();
  return createToken();
}

/** A new account and an API token of it: {username, password, token}. */
export function newAccountWithToken(username) {
  const account = newAccount(username);
  return { ...account, token: createToken() };
}

export function bearer(token) {
  return { headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' } };
}

/** WORKSPACE_ID if given, else a new workspace. */
export function workspace(token, name) {
  if (__ENV.WORKSPACE_ID) return __ENV.WORKSPACE_ID;
  const res = http.post(`${baseUrl()}/api/workspaces`, JSON.stringify({ name }), bearer(token));
  return json(res, 'create workspace').workspace.id;
}

/** `count` new files at the workspace root: [{id, path}]. */
export function createFiles(token, workspaceId, count, prefix) {
  const files = [];
  for (let i = 0; i < count; i++) {
    const body = JSON.stringify({ parentId: null, name: `${prefix}-${i}.txt`, type: 'file' });
    const res = http.post(`${baseUrl()}/api/workspaces/${workspaceId}/items`, body, bearer(token));
    const item = json(res, 'create file').item;
    files.push({ id: item.id, path: item.path });
  }
  return files;
}

/** STAGES="30s:50,1m:100,30s:0" as k6 stages, or null. */
export function parseStages(text) {
  if (!text) return null;
  return text.split(',').map((s) => {
    const [duration, target] = s.trim().split(':');
    return { duration, target: Number(target) };
  });
}
