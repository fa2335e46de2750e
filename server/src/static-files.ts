/**
 * Serves the built IDE (the Next.js static export in `web/out`) from memory.
 * Paths are resolved against the export only (no `..` escapes); unknown paths
 * without an extension get `index.html` so client-side routes load.
 *
 * Compressed at build time, never per request: scripts/precompress-web.mjs writes
 * `x.br` and `x.gz` beside each compressible file, and the request's Accept-Encoding
 * picks one (http/accept-encoding.ts). A file without variants goes out as it is. The
 * variants themselves are not served as files of their own.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { chooseEncoding, type Coding } from './http/accept-encoding';
import { HttpError } from './http/errors';
import type { Handler, Reply } from './http/router';

interface StaticFile {
  body: Buffer;
  /** Precompressed bodies of the same bytes. */
  encoded: Map<Coding, Buffer>;
}

const SUFFIX: Record<Coding, string> = { br: '.br', gzip: '.gz' };

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.ttf': 'font/ttf',
};

const FALLBACK_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Tandem</title></head>
<body style="font-family:system-ui;max-width:40rem;margin:4rem auto">
<h1>Tandem</h1><p>The server is running. The IDE has not been built (<code>npm run build -w @tandem/web</code>).</p>
<p>API: <a href="/api/docs">/api/docs</a> · <a href="/api/openapi.json">/api/openapi.json</a> · <a href="/api/health">/api/health</a></p>
</body></html>`;

export function serveStatic(root: string): Handler {
  let files: Map<string, StaticFile> | undefined;
  const load = () => (files ??= existsSync(root) ? readTree(root) : new Map());
  return (req): Reply => {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'method_not_allowed', 'Only GET here');
    const tree = load();
    if (tree.size === 0) return { status: 200, body: FALLBACK_PAGE, headers: { 'Content-Type': TYPES['.html']! } };
    let path: string;
    try {
      path = decodeURIComponent(req.path);
    } catch {
      throw new HttpError(400, 'bad_path', 'The path is not valid percent-encoding');
    }
    const candidates = [path, `${path}.html`, `${path.replace(/\/$/, '')}/index.html`];
    const accept = req.headers['accept-encoding'];
    for (const c of candidates) {
      const file = tree.get(c);
      if (file) return reply(file, c, accept, c.startsWith('/_next/static/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    }
    if (extname(path)) throw new HttpError(404, 'not_found', 'No such file');
    const index = tree.get('/index.html');
    if (!index) throw new HttpError(404, 'not_found', 'No such page');
    return reply(index, '/index.html', accept, 'no-cache');
  };
}

function reply(file: StaticFile, path: string, acceptEncoding: string | undefined, cacheControl: string): Reply {
  const headers: Record<string, string> = { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream', 'Cache-Control': cacheControl };
  if (file.encoded.size === 0) return { body: file.body, headers };
  // Caches must key this response on Accept-Encoding, whichever variant this request got.
  headers['Vary'] = 'Accept-Encoding';
  const coding = chooseEncoding(acceptEncoding, new Set(file.encoded.keys()));
  if (!coding) return { body: file.body, headers };
  headers['Content-Encoding'] = coding;
  return { body: file.encoded.get(coding)!, headers };
}

function readTree(root: string): Map<string, StaticFile> {
  const found = new Map<string, { full: string; mtimeMs: number }>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      const st = statSync(full);
      if (st.isDirectory()) walk(full);
      else if (st.isFile()) found.set(`/${relative(root, full).split(sep).join('/')}`, { full, mtimeMs: st.mtimeMs });
    }
  };
  walk(root);
  const codings = Object.keys(SUFFIX) as Coding[];
  const isVariant = (path: string) => codings.some((c) => path.endsWith(SUFFIX[c]) && found.has(path.slice(0, -SUFFIX[c].length)));
  const out = new Map<string, StaticFile>();
  for (const [path, { full, mtimeMs }] of found) {
    if (isVariant(path)) continue;
    const encoded = new Map<Coding, Buffer>();
    for (const coding of codings) {
      const variant = found.get(path + SUFFIX[coding]);
      // A variant older than its file is of an earlier build: the file as it is beats stale bytes.
      if (variant && variant.mtimeMs >= mtimeMs) encoded.set(coding, readFileSync(variant.full));
    }
    out.set(path, { body: readFileSync(full), encoded });
  }
  return out;
}
