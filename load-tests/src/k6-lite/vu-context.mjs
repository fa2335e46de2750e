// What the shims of one VU share: its id and iteration, its bridge to the main thread,
// and the metric samples it has not reported yet. One instance per worker thread.
import { parentPort } from 'node:worker_threads';

/** Flush samples to the main thread once this many are buffered (long WebSocket sessions). */
const FLUSH_AT = 500;

export const vu = {
  id: 0,
  /** Iterations this VU started (k6's __ITER and exec.vu.iterationInScenario). */
  iteration: 0,
  /** The test-wide iteration number of the current iteration. */
  iterationInTest: 0,
  /** @type {import('./vu-bridge.mjs').Bridge | null} */
  bridge: null,
  /** Shared Int32Array: [0] iterations claimed in the test. */
  counters: null,
  /** Int32Array nothing ever notifies: sleep() waits on it with a timeout. */
  sleeper: new Int32Array(new SharedArrayBuffer(4)),
  groups: [],
  scenario: 'default',
  /** @type {Array<[string, string, boolean, number, Record<string, string> | null]>} */
  samples: [],
};

/** The tags k6 adds to every sample, plus `extra`. */
export function sampleTags(extra) {
  const tags = { scenario: vu.scenario };
  if (vu.groups.length > 0) tags.group = `::${vu.groups.join('::')}`;
  return extra ? { ...tags, ...stringTags(extra) } : tags;
}

function stringTags(tags) {
  const out = {};
  for (const [k, v] of Object.entries(tags)) out[k] = String(v);
  return out;
}

export function emit(name, type, isTime, value, tags) {
  vu.samples.push([name, type, isTime, Number(value), tags]);
  if (vu.samples.length >= FLUSH_AT) flushSamples();
}

export function flushSamples() {
  if (vu.samples.length === 0) return;
  parentPort.postMessage({ type: 'samples', samples: vu.samples });
  vu.samples = [];
}

export function requireBridge(what) {
  if (!vu.bridge) throw new Error(`${what} is not available here`);
  return vu.bridge;
}
