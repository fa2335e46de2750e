/**
 * Serves the built IDE (the Next.js static export in `web/out`) from memory.
 * Paths are resolved against the export only (no `..` escapes); unknown paths
 * without an extension get `index.html` so client-side routes load.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { HttpError } from './http/errors';
import type { Handler, Reply } from './http/router';

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
  let files: Map<string, Buffer> | undefined;
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
    for (const c of candidates) {
      const body = tree.get(c);
      if (body) {
        const immutable = c.startsWith('/_next/static/');
        return {
          body,
          headers: {
            'Content-Type': TYPES[extname(c)] ?? 'application/octet-stream',
            'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
          },
        };
      }
    }
    if (extname(path)) throw new HttpError(404, 'not_found', 'No such file');
    const index = tree.get('/index.html');
    if (!index) throw new HttpError(404, 'not_found', 'No such page');
    return { body: index, headers: { 'Content-Type': TYPES['.html']!, 'Cache-Control': 'no-cache' } };
  };
}

function readTree(root: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      const st = statSync(full);
      if (st.isDirectory()) walk(full);
      else if (st.isFile()) out.set(`/${relative(root, full).split(sep).join('/')}`, readFileSync(full));
    }
  };
  walk(root);
  return out;
}
