#!/usr/bin/env node
/**
 * Writes web/out/sw.js from web/public/sw.js after `next build` (and before
 * precompress-web.mjs, so its .br/.gz are of the written file): fills in the BUILD line
 * with this export's version and the app shell to cache on install. The shell is every
 * page of the export (`x.html` served as `/x`, `index.html` as `/`) and every file under
 * /_next/static/, lazy chunks included: Monaco's languages and its worker are needed
 * offline too, and a file first asked for with no network can only come from the cache
 * (about 1.5 MB brotli, fetched once per build in the background). The version is a hash
 * of the pages, which name the content-hashed files: a new build, a new cache. Running it
 * again writes the same file.
 *
 *   node scripts/generate-sw.mjs [folder]   (default: web/out)
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = process.argv[2] ?? join(root, 'web', 'out');
const source = join(root, 'web', 'public', 'sw.js');
const LINE = /^const BUILD = .*$/m;

/** The path each exported page answers at; not-found pages are no shell. */
export function pagePath(file) {
  if (file === 'index.html') return '/';
  if (file === '404.html' || file.startsWith('_')) return null;
  return `/${file.replace(/\.html$/, '').replace(/\/index$/, '')}`;
}

/** Every file of a folder, as paths relative to it with `/`, the precompressed variants left out. */
function filesUnder(dir, base = '') {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = `${base}/${entry.name}`;
    if (entry.isDirectory()) found.push(...filesUnder(join(dir, entry.name), rel));
    else if (entry.isFile() && !/\.(br|gz|map)$/.test(entry.name)) found.push(rel);
  }
  return found.sort();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!existsSync(join(out, 'index.html'))) {
    console.error(`generate-sw: no export in ${out}`);
    process.exit(1);
  }
  const pages = readdirSync(out).filter((f) => f.endsWith('.html')).sort();
  const precache = new Set();
  const hash = createHash('sha256');
  for (const file of pages) {
    const path = pagePath(file);
    if (!path) continue;
    const html = readFileSync(join(out, file), 'utf8');
    hash.update(file).update(html);
    precache.add(path);
  }
  const assets = join(out, '_next', 'static');
  if (existsSync(assets)) for (const file of filesUnder(assets)) precache.add(`/_next/static${file}`);
  const build = { version: hash.digest('hex').slice(0, 16), precache: [...precache] };
  const text = readFileSync(source, 'utf8');
  if (!LINE.test(text)) {
    console.error('generate-sw: web/public/sw.js has no `const BUILD = …` line');
    process.exit(1);
  }
  writeFileSync(join(out, 'sw.js'), text.replace(LINE, `const BUILD = ${JSON.stringify(build)};`));
  console.error(`generate-sw: web/out/sw.js, version ${build.version}, ${build.precache.length} files in the shell`);
}
