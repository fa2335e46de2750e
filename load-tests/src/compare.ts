// `npm run bench:compare`: the same load, in one run, against ours, the classic
// y-websocket server and Hocuspocus, each in its own process on core 0; the
// generator on core 1. A bare relay runs the streaming points to show what the
// generator itself can drive.
import { cpus } from 'node:os';
import { parseOptions } from './cli-options';
import { comparePoints, select } from './points';
import { COLUMNS, ratios, resultsTable, table } from './report';
import { runSuite, type SuiteEntry } from './run-suite';
import { oursAvailable, startOurs } from './servers/ours-target';
import { startPeer } from './servers/peer-targets';
import { hasTaskset, pinSelf } from './servers/spawn-server';

const options = parseOptions(process.argv.slice(2), process.env, 12);
const log = (s: string) => console.error(s);
const pinned = pinSelf(1);
const started = Date.now();
console.log(`tandem bench:compare: ${cpus()[0]?.model ?? 'unknown cpu'} x${cpus().length}, node ${process.version}, ` +
  `servers ${hasTaskset ? 'on core 0' : 'unpinned'}, generator ${pinned ? 'on core 1' : 'unpinned'}, ${options.durationS} s per point${options.quick ? ' (quick)' : ''}`);

const points = select(comparePoints(options.durationS, options.quick), options.points);
const wanted = (name: string) => !options.servers || options.servers.includes(name);
const entries: SuiteEntry[] = [];
if (wanted('ours')) {
  if (oursAvailable()) entries.push(await runSuite('ours', startOurs, points, log));
  else entries.push({ server: 'ours', results: [], error: 'server/src/main.ts does not exist yet' });
}
for (const peer of ['y-websocket', 'hocuspocus']) {
  if (wanted(peer)) entries.push(await runSuite(peer, () => startPeer(peer), points, log));
}
// The relay holds no documents, so it cannot serve the join point.
for (const relay of ['relay', 'relay-uws']) {
  if (wanted(relay)) entries.push(await runSuite(relay, () => startPeer(relay), points.filter((p) => !p.seedBytes), log));
}

const all = entries.flatMap((e) => e.results);
// Grouped by load point, so the servers sit next to each other.
const ordered = points.flatMap((p) => all.filter((r) => r.point.name === p.name));
console.log('\n' + resultsTable(ordered));

const ours = entries.find((e) => e.server === 'ours');
const ratioRows: string[][] = [];
for (const peer of entries.filter((e) => e.server !== 'ours' && !e.server.startsWith('relay'))) {
  for (const p of points) {
    const a = ours?.results.find((r) => r.point.name === p.name);
    const b = peer.results.find((r) => r.point.name === p.name);
    if (a && b) ratioRows.push(ratios(a, b));
  }
}
if (ratioRows.length > 0) console.log('\nratios, ours / peer (below 1.00x: ours is lower)\n' + table(COLUMNS, ratioRows));
for (const e of entries) if (e.error) console.log(`!! ${e.server}: ${e.error}`);
const unsynced = all.filter((r) => r.synced === 0);
for (const r of unsynced) console.log(`!! ${r.server} ${r.point.name}: no client synced at all`);
console.log(`\ncompare took ${((Date.now() - started) / 60000).toFixed(1)} min`);
process.exit(0);
