// `npm run bench`: our server under the load points of issue 2, with the figures
// its targets are stated in. Server on core 0, this generator on core 1.
import { cpus } from 'node:os';
import { parseOptions } from './cli-options';
import { benchPoints, select } from './points';
import { resultsTable } from './report';
import { runSuite } from './run-suite';
import { oursAvailable, oursEntry, spawnOurs, startOurs } from './servers/ours-target';
import { hasTaskset, pinSelf } from './servers/spawn-server';
import { formatApiFigures, runApiBench } from './api-bench';
import { formatWorkspaceFigures, runWorkspaceBench } from './workspace-bench';

const options = parseOptions(process.argv.slice(2), process.env, 15);
const log = (s: string) => console.error(s);
const pinned = pinSelf(1);
console.log(`tandem bench: ${cpus()[0]?.model ?? 'unknown cpu'} x${cpus().length}, node ${process.version}, ` +
  `server ${hasTaskset ? 'on core 0' : 'unpinned'}, generator ${pinned ? 'on core 1' : 'unpinned'}, ${options.durationS} s per point${options.quick ? ' (quick)' : ''}`);

let failed = false;
if (!oursAvailable()) {
  console.log(`!! ${oursEntry} does not exist yet: nothing to benchmark`);
  failed = true;
} else {
  const entry = await runSuite('ours', startOurs, select(benchPoints(options.durationS, options.quick), options.points), log);
  console.log('\n' + resultsTable(entry.results));
  if (entry.error) {
    console.log(`\n!! ours: ${entry.error}`);
    failed = true;
  }
  for (const r of entry.results) if (r.failed > 0) failed = true;
  console.log('\ntargets (issue 2): 300x5x2 p99 < 20 ms at < 25% of a core; 500x5x2 p99 < 100 ms, 0 failed; 1x200x1 p99 < 20 ms; idle < 20 KB/conn');
}

if (oursAvailable() && !options.points?.length) {
  // Terminals and files through the server (issue 3): a fresh server, the local executor.
  const server = await spawnOurs();
  try {
    console.log('\nworkspace (issue 3), through the server on core 0:');
    console.log(formatWorkspaceFigures(await runWorkspaceBench(server, { quick: options.quick })));
    console.log('\nHTTP API (issue 15), CPU per request by endpoint, client on core 1:');
    console.log(formatApiFigures(await runApiBench(server, { quick: options.quick })));
  } catch (err) {
    console.log(`\n!! workspace bench: ${(err as Error).message}`);
    failed = true;
  } finally {
    await server.stop();
  }
}
process.exit(failed ? 1 : 0);
