// `npm run bench:api`: the HTTP API's CPU per request by endpoint (api-bench.ts), alone.
// `npm run bench` prints the same table after its other figures.
import { formatApiFigures, runApiBench } from './api-bench';
import { spawnOurs } from './servers/ours-target';
import { hasTaskset, pinSelf } from './servers/spawn-server';

const quick = process.argv.includes('--quick');
const pinned = pinSelf(1);
const server = await spawnOurs();
try {
  console.log(`HTTP API, server ${hasTaskset ? 'on core 0' : 'unpinned'} (PostgreSQL on either core), client ${pinned ? 'on core 1' : 'unpinned'}${quick ? ' (quick)' : ''}:`);
  console.log(formatApiFigures(await runApiBench(server, { quick })));
} finally {
  await server.stop();
}
