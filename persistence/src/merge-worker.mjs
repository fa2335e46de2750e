// The merge of a compaction, off the event loop (off-thread-merge.ts). Plain JavaScript,
// so it loads the same under tsx, vitest and plain node: it needs nothing but yjs.
import { parentPort } from 'node:worker_threads';
import * as Y from 'yjs';

parentPort.on('message', ({ id, parts }) => {
  try {
    parentPort.postMessage({ id, state: Y.mergeUpdates(parts) });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
