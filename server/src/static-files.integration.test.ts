/**
 * The IDE's files compressed at build time and sent as the request allows, over real
 * HTTP: a fixture export precompressed by the build's own script (scripts/precompress-web.mjs),
 * served by a real server. The bytes that arrive decompress to the file; Content-Length
 * is the bytes sent (HEAD says the same without sending them); Vary tells caches;
 * no Accept-Encoding, or q=0 for every coding, gets the file as it is; files without a
 * (fresh) variant go out as they are; the variants are not files of their own. The
 * service worker (written by scripts/generate-sw.mjs, as the build does) goes out as
 * JavaScript that is revalidated every time, at the root scope without a special header.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './testing/test-server';

const SCRIPT = join(import.meta.dirname, '..', '..', 'scripts', 'precompress-web.mjs');
const GENERATE_SW = join(import.meta.dirname, '..', '..', 'scripts', 'generate-sw.mjs');
const CHROMIUM_ACCEPT = 'gzip, deflate, br, zstd';
const script = `export function hello(){return ${JSON.stringify('hello from a chunk '.repeat(400))}}\n`;
const html = `<!doctype html><html><head><title>Tandem</title></head><body>${'<div class="row">the workspace list</div>'.repeat(50)}</body></html>`;
const png = randomBytes(4096);

let dir: string;
let server: TestServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tandem-static-'));
  await mkdir(join(dir, '_next', 'static', 'chunks'), { recursive: true });
  await writeFile(join(dir, 'index.html'), html);
  await writeFile(join(dir, '_next', 'static', 'chunks', 'app.js'), script);
  await writeFile(join(dir, 'logo.png'), png);
  await writeFile(join(dir, 'tiny.txt'), 'small');
  await writeFile(join(dir, 'style.css'), `.old { color: red }\n${'.a { margin: 0 }\n'.repeat(100)}`);
  await writeFile(join(dir, 'settings.html'), '<!doctype html><script src="/_next/static/chunks/app.js" async></script><script src="/_next/static/chunks/gone.js"></script>');
  const sw = spawnSync(process.execPath, [GENERATE_SW, dir], { encoding: 'utf8' });
  expect(sw.status, sw.stderr).toBe(0);
  const run = spawnSync(process.execPath, [SCRIPT, dir], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  // A file rebuilt after its variants were written: those variants are stale.
  await writeFile(join(dir, 'style.css'), `.new { color: green }\n${'.a { margin: 0 }\n'.repeat(100)}`);
  const later = new Date(Date.now() + 5_000);
  await utimes(join(dir, 'style.css'), later, later);
  server = await startTestServer({ webDir: dir });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

interface Got { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Got> {
  const target = new URL(server.url);
  return new Promise((resolve, reject) => {
    const r = request({ host: target.hostname, port: target.port, path, method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    r.on('error', reject);
    r.end();
  });
}

describe('static files, precompressed', () => {
  it('sends brotli to a browser: the bytes decompress to the file, Content-Length counts the bytes sent', async () => {
    const res = await get('/_next/static/chunks/app.js', { 'accept-encoding': CHROMIUM_ACCEPT });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['vary']).toBe('Accept-Encoding');
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toContain('immutable');
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(res.body.length).toBeLessThan(script.length / 10);
    expect(brotliDecompressSync(res.body).toString()).toBe(script);
  });

  it('sends gzip when brotli is refused or not offered', async () => {
    for (const accept of ['gzip', 'gzip, deflate', 'br;q=0, gzip;q=0.8', 'x-gzip']) {
      const res = await get('/_next/static/chunks/app.js', { 'accept-encoding': accept });
      expect(res.headers['content-encoding'], accept).toBe('gzip');
      expect(Number(res.headers['content-length'])).toBe(res.body.length);
      expect(gunzipSync(res.body).toString()).toBe(script);
    }
  });

  it('sends the file as it is without Accept-Encoding, or when every coding has q=0, still with Vary', async () => {
    for (const headers of [{} as Record<string, string>, { 'accept-encoding': 'identity' }, { 'accept-encoding': 'br;q=0, gzip;q=0' }, { 'accept-encoding': '*;q=0' }, { 'accept-encoding': 'zstd' }]) {
      const res = await get('/_next/static/chunks/app.js', headers);
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding'], JSON.stringify(headers)).toBeUndefined();
      expect(res.headers['vary']).toBe('Accept-Encoding');
      expect(res.body.toString()).toBe(script);
      expect(Number(res.headers['content-length'])).toBe(script.length);
    }
  });

  it('answers HEAD with the headers GET sends, the variant’s length included, and no body', async () => {
    const got = await get('/_next/static/chunks/app.js', { 'accept-encoding': CHROMIUM_ACCEPT });
    const head = await get('/_next/static/chunks/app.js', { 'accept-encoding': CHROMIUM_ACCEPT }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-encoding']).toBe('br');
    expect(head.headers['content-length']).toBe(String(got.body.length));
    const plain = await get('/_next/static/chunks/app.js', {}, 'HEAD');
    expect(plain.headers['content-length']).toBe(String(script.length));
  });

  it('compresses the page a client-side route falls back to', async () => {
    const res = await get('/workspace?id=abc', { 'accept-encoding': CHROMIUM_ACCEPT });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(brotliDecompressSync(res.body).toString()).toBe(html);
  });

  it('sends images and files too small to gain as they are, without Vary', async () => {
    const image = await get('/logo.png', { 'accept-encoding': CHROMIUM_ACCEPT });
    expect(image.headers['content-encoding']).toBeUndefined();
    expect(image.headers['vary']).toBeUndefined();
    expect(image.body.equals(png)).toBe(true);
    const tiny = await get('/tiny.txt', { 'accept-encoding': CHROMIUM_ACCEPT });
    expect(tiny.headers['content-encoding']).toBeUndefined();
    expect(tiny.body.toString()).toBe('small');
  });

  it('never sends a variant older than its file (a stale build’s)', async () => {
    const res = await get('/style.css', { 'accept-encoding': CHROMIUM_ACCEPT });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body.toString()).toMatch(/^\.new /);
  });

  it('does not serve the variants as files, nor anything outside the export', async () => {
    expect((await get('/_next/static/chunks/app.js.br')).status).toBe(404);
    expect((await get('/index.html.gz')).status).toBe(404);
    expect((await get('/../package.json', { 'accept-encoding': CHROMIUM_ACCEPT })).status).not.toBe(200);
    expect((await get('/%2e%2e/%2e%2e/package.json')).status).toBe(404);
  });

  it('sends the service worker as JavaScript, revalidated on every load, with the shell the pages name', async () => {
    const res = await get('/sw.js', { 'accept-encoding': CHROMIUM_ACCEPT });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    // A stale worker would keep serving an old build's pages: the browser must ask each time.
    expect(res.headers['cache-control']).toBe('no-cache');
    // Its scope is the root it is served from: no Service-Worker-Allowed needed.
    expect(res.headers['service-worker-allowed']).toBeUndefined();
    const body = (res.headers['content-encoding'] === 'br' ? brotliDecompressSync(res.body) : res.body).toString('utf8');
    const build = /^const BUILD = (.*);$/m.exec(body);
    expect(build).not.toBeNull();
    const { version, precache } = JSON.parse(build![1]!) as { version: string; precache: string[] };
    expect(version).toMatch(/^[0-9a-f]{16}$/);
    // Each page and what it names that exists; nothing of the API.
    expect(precache.sort()).toEqual(['/', '/_next/static/chunks/app.js', '/settings'].sort());
  });
});
