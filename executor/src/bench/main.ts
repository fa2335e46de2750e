/**
 * Prints the executor's benchmark figures (no server needed):
 *   taskset -c 1 node --expose-gc --import tsx executor/src/bench/main.ts
 * Targets: echo p99 under 5 ms added; 100 MB streamed with RSS growth < 50 MB;
 * edit-to-file p99 < 300 ms; pull-back within 1 s of output settling.
 */
import { measureEchoLatency } from './echo-latency';
import { measureEditToFile } from './edit-to-file';
import { measureOutputThroughput } from './output-throughput';
import { measurePullBack } from './pull-back';

const echo = await measureEchoLatency();
console.log('keystroke echo (ms)', echo, echo.addedP99Ms < 5 ? 'OK' : 'OVER TARGET');
const flood = await measureOutputThroughput();
console.log('output flood', flood, flood.rssPeakGrowthMB < 50 ? 'OK' : 'OVER TARGET');
const edit = await measureEditToFile();
console.log('edit to file (ms)', edit, edit.p99Ms < 300 ? 'OK' : 'OVER TARGET');
const pull = await measurePullBack();
console.log('command output settled to file back (ms)', pull, pull.p99Ms < 1000 ? 'OK' : 'OVER TARGET');
