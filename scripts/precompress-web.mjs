#!/usr/bin/env node
/**
 * Writes `x.br` (brotli, quality 11) and `x.gz` (gzip -9) beside every compressible file
 * of the IDE's static export (web/out), once per build, so the server sends compressed
 * bytes without compressing anything per request (server/src/static-files.ts picks the
 * variant the request's Accept-Encoding allows). A variant no smaller than its file is
 * not written: the server then sends the file as it is. Writes `web/out/.precompressed`
 * last; build-web.mjs counts the build as done only once that marker exists.
 *
 *   node scripts/precompress-web.mjs [folder]   (default: web/out)
 */
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);
const root = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'web', 'out');
export const MARKER = '.precompressed';
/** Text formats (and uncompressed fonts); images and woff2 are compressed already. */
const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.html', '.json', '.svg', '.txt', '.map', '.ttf', '.otf', '.xml', '.ico', '.wasm']);
/** Below this a response fits one packet anyway, and the header costs more than it saves. */
const MIN_BYTES = 256;

async function files(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await files(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

async function precompress(file) {
  const body = await readFile(file);
  let saved = 0;
  const variants = [
    ['.br', () => brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT } })],
    ['.gz', () => gz(body, { level: 9 })],
  ];
  for (const [suffix, compress] of variants) {
    const packed = body.length >= MIN_BYTES ? await compress() : body;
    // Stale variants of an earlier build would be served for the new file: replace or remove.
    if (packed.length < body.length) {
      await writeFile(file + suffix, packed);
      if (suffix === '.gz') saved = body.length - packed.length;
    } else {
      await rm(file + suffix, { force: true });
    }
  }
  return saved;
}

const started = performance.now();
await rm(join(root, MARKER), { force: true });
const all = await files(root);
const targets = all.filter((f) => COMPRESSIBLE.has(extname(f)));
let saved = 0;
// Two at a time: brotli at quality 11 is CPU-bound, and the machine is shared.
for (let i = 0; i < targets.length; i += 2) {
  for (const s of await Promise.all(targets.slice(i, i + 2).map(precompress))) saved += s;
}
await writeFile(join(root, MARKER), `${new Date().toISOString()}\n`);
const total = (await Promise.all(targets.map((f) => stat(f)))).reduce((n, s) => n + s.size, 0);
console.error(`precompressed ${targets.length} files of ${root} (${(total / 1e6).toFixed(1)} MB; gzip saves ${(saved / 1e6).toFixed(1)} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
