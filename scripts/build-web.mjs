#!/usr/bin/env node
/**
 * Builds the IDE (web/ → web/out, a Next.js static export) only when it is missing or
 * older than its sources, so `npm start` and `npm test` on a fresh clone serve the IDE
 * without paying a minute-long build every time. `--force` always builds. After the
 * build, generate-sw.mjs writes the service worker's shell list into web/out/sw.js, then
 * precompress-web.mjs writes the .br/.gz variants the server sends; its marker (written
 * last) is what counts as "built", so an interrupted run is redone.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const web = join(root, 'web');
const marker = join(web, 'out', '.precompressed');
const exported = join(web, 'out', 'index.html');
const script = (name) => spawnSync(process.execPath, [join(root, 'scripts', name)], { stdio: 'inherit' }).status ?? 1;
// The worker first: its list names the export's files, and its own .br/.gz must be of the written file.
const precompress = () => script('generate-sw.mjs') || script('precompress-web.mjs');

/** Newest modification time of the files that shape the build (unit tests do not). */
function newestSource() {
  let newest = 0;
  const visit = (path) => {
    if (!existsSync(path)) return;
    const st = statSync(path);
    if (st.isDirectory()) {
      for (const name of readdirSync(path)) visit(join(path, name));
    } else if (!/\.test\.tsx?$/.test(path)) {
      newest = Math.max(newest, st.mtimeMs);
    }
  };
  for (const dir of ['src', 'app', 'public']) visit(join(web, dir));
  // The IDE bundles the wire shapes of @tandem/protocol and the comment anchoring of @tandem/anchors too.
  visit(join(root, 'protocol', 'src'));
  visit(join(root, 'anchors', 'src'));
  for (const name of readdirSync(web)) {
    if (name === 'package.json' || name === 'tsconfig.json' || name.startsWith('next.config.')) visit(join(web, name));
  }
  return newest;
}

const force = process.argv.includes('--force');
const exportedAt = existsSync(exported) ? statSync(exported).mtimeMs : 0;
// A marker older than the export it describes (a `next build` run by hand since) means stale variants.
const builtAt = existsSync(marker) && statSync(marker).mtimeMs >= exportedAt ? statSync(marker).mtimeMs : 0;
const newest = newestSource();
if (!force && builtAt > newest) {
  console.error('web/out is up to date (npm run build:web -- --force rebuilds it)');
  process.exit(0);
}
// An export newer than its sources that was never precompressed (an older checkout's build, or an interrupted run).
if (!force && exportedAt > newest) {
  console.error('web/out is up to date but not precompressed: compressing it…');
  process.exit(precompress());
}
console.error(exportedAt ? 'web/out is older than its sources: building the IDE…' : 'web/out is missing: building the IDE (about a minute)…');
const result = spawnSync('npm', ['run', 'build', '-w', '@tandem/web'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
});
process.exit(result.status === 0 ? precompress() : (result.status ?? 1));
