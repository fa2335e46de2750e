/** The service worker's routing (web/public/sw.js, run here in a sandbox). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';

const ORIGIN = 'http://127.0.0.1:8080';

function loadWorker() {
  const listeners = new Map<string, unknown>();
  const self: Record<string, unknown> = { location: { origin: ORIGIN }, addEventListener: (type: string, fn: unknown) => listeners.set(type, fn) };
  runInNewContext(readFileSync(join(import.meta.dirname, '..', '..', 'public', 'sw.js'), 'utf8'), { self, URL });
  return { listeners, sw: self.tandemServiceWorker as { routeFor(r: { method: string; url: string }, origin: string): string | null; pageKey(r: { url: string }): string; CACHE: string } };
}

describe('the service worker', () => {
  const { listeners, sw } = loadWorker();
  const route = (url: string, method = 'GET') => sw.routeFor({ method, url: url.startsWith('http') ? url : ORIGIN + url }, ORIGIN);

  it('listens for install, activate and fetch', () => {
    expect([...listeners.keys()].sort()).toEqual(['activate', 'fetch', 'install']);
    expect(sw.CACHE).toBe('tandem-shell-dev');
  });

  it('keeps hashed assets cache-first and pages network-first', () => {
    expect(route('/_next/static/chunks/abc123.js')).toBe('static');
    expect(route('/_next/static/css/x.css')).toBe('static');
    expect(route('/')).toBe('page');
    expect(route('/workspace?id=w1&file=main.py')).toBe('page');
    expect(route('/workspace.txt?_rsc=1')).toBe('page');
    expect(route('/icon.svg')).toBe('page');
  });

  it('never answers the API, the sockets, metrics, itself, another origin or a write', () => {
    for (const path of ['/api/auth/me', '/api', '/api/workspaces/w1/files/main.py', '/ws/w1', '/sync/w1/i1', '/metrics', '/sw.js']) expect(route(path)).toBeNull();
    expect(route('https://example.com/_next/static/x.js')).toBeNull();
    expect(route('/workspace', 'POST')).toBeNull();
    // A page merely named like the API is still a page.
    expect(route('/apis')).toBe('page');
  });

  it('keeps a page under its path, whatever its query', () => {
    expect(sw.pageKey({ url: `${ORIGIN}/workspace?id=w1&file=main.py` })).toBe(`${ORIGIN}/workspace`);
  });
});
