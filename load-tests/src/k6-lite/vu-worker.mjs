// One k6 VU (or VU 0, which runs setup() and teardown()): loads the script with the
// k6 module shims in its init context, then runs what the runner asks for. The script
// may block this thread; the runner's thread does the I/O (see vu-bridge.mjs).
import { readFileSync } from 'node:fs';
import { register } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { Bridge } from './vu-bridge.mjs';
import { emit, flushSamples, sampleTags, vu } from './vu-context.mjs';

const { vuId, vus, scriptUrl, env, port, signal, counters } = workerData;
const here = (file) => new URL(file, import.meta.url).href;
register(here('./hooks.mjs'), {
  data: {
    shims: {
      k6: here('./shims/k6.mjs'),
      'k6/http': here('./shims/http.mjs'),
      'k6/ws': here('./shims/ws.mjs'),
      'k6/metrics': here('./shims/metrics.mjs'),
      'k6/execution': here('./shims/execution.mjs'),
    },
  },
});

vu.id = vuId;
vu.vus = vus;
vu.bridge = new Bridge(port, new Int32Array(signal));
vu.counters = new Int32Array(counters);
globalThis.__ENV = { ...env };
globalThis.__VU = vuId;
globalThis.__ITER = 0;
// k6's init-context open(): a file relative to the script.
globalThis.open = (path, mode) => readFileSync(fileURLToPath(new URL(path, scriptUrl)), mode === 'b' ? undefined : 'utf8');

const STOP = 1; // counters[1] is set when the test is aborted or stopped early

function describe(error) {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

async function call(fn, arg) {
  const result = fn(arg);
  return result && typeof result.then === 'function' ? await result : result;
}

async function iterate(fn, data, endAt, iterations) {
  vu.startTime = Date.now();
  while (Date.now() < endAt && Atomics.load(vu.counters, STOP) === 0) {
    const n = Atomics.add(vu.counters, 0, 1);
    if (iterations !== null && n >= iterations) break;
    vu.iterationInTest = n;
    globalThis.__ITER = vu.iteration;
    const started = Date.now();
    try {
      await call(fn, data);
    } catch (error) {
      if (error?.k6Abort) Atomics.store(vu.counters, STOP, 1);
      parentPort.postMessage({ type: 'error', stage: 'iteration', vu: vuId, iteration: vu.iteration, message: describe(error) });
    }
    emit('iterations', 'counter', false, 1, sampleTags());
    emit('iteration_duration', 'trend', true, Date.now() - started, sampleTags());
    vu.iteration++;
    flushSamples();
  }
}

let script;
try {
  script = await import(scriptUrl);
} catch (error) {
  parentPort.postMessage({ type: 'init-error', message: describe(error) });
}

if (script) {
  const options = JSON.parse(JSON.stringify(script.options ?? {}));
  parentPort.postMessage({ type: 'ready', options, hasSetup: typeof script.setup === 'function', hasTeardown: typeof script.teardown === 'function' });
  parentPort.on('message', async (message) => {
    try {
      if (message.type === 'setup') {
        const data = typeof script.setup === 'function' ? await call(script.setup) : undefined;
        flushSamples();
        // As k6: setup's result reaches VUs as JSON.
        parentPort.postMessage({ type: 'setup-done', data: data === undefined ? null : JSON.stringify(data) });
      } else if (message.type === 'run') {
        if (typeof script.default !== 'function') throw new Error('the script has no default function');
        await iterate(script.default, message.data === null ? undefined : JSON.parse(message.data), message.endAt, message.iterations);
        parentPort.postMessage({ type: 'done' });
      } else if (message.type === 'teardown') {
        if (typeof script.teardown === 'function') await call(script.teardown, message.data === null ? undefined : JSON.parse(message.data));
        flushSamples();
        parentPort.postMessage({ type: 'teardown-done' });
      }
    } catch (error) {
      flushSamples();
      parentPort.postMessage({ type: `${message.type}-error`, message: describe(error) });
    }
  });
}
