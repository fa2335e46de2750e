// `k6`: check, fail, sleep, group, as k6 v0.48 defines them.
import { emit, sampleTags, vu } from '../vu-context.mjs';

/** Runs every check, records each in the built-in `checks` Rate (tagged `check`), returns whether all passed. */
export function check(value, checks, tags) {
  let all = true;
  for (const [name, fn] of Object.entries(checks)) {
    // As in k6, an exception in a check function ends the iteration.
    const ok = typeof fn === 'function' ? Boolean(fn(value)) : Boolean(fn);
    emit('checks', 'rate', false, ok ? 1 : 0, sampleTags({ ...tags, check: name }));
    if (!ok) all = false;
  }
  return all;
}

export function fail(message) {
  throw new Error(message === undefined ? 'fail() called' : String(message));
}

/** Blocks the VU, as k6's sleep does. */
export function sleep(seconds) {
  const ms = Number(seconds) * 1000;
  if (ms > 0) Atomics.wait(vu.sleeper, 0, 0, ms);
}

/** Runs fn with the group's name in the `group` tag of every sample it makes, and records group_duration. */
export function group(name, fn) {
  vu.groups.push(String(name));
  const started = Date.now();
  try {
    return fn();
  } finally {
    emit('group_duration', 'trend', true, Date.now() - started, sampleTags());
    vu.groups.pop();
  }
}

export function randomSeed() {
  // Math.random cannot be seeded in Node; accepted so scripts that call it still run.
}

export default { check, fail, sleep, group, randomSeed };
