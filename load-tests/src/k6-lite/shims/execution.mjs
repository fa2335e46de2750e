// `k6/execution`: where this VU and iteration stand in the test.
import { vu } from '../vu-context.mjs';

class AbortError extends Error {}

const exec = {
  vu: {
    get idInTest() { return vu.id; },
    get idInInstance() { return vu.id; },
    get iterationInScenario() { return vu.iteration; },
    get iterationInInstance() { return vu.iteration; },
    tags: {},
  },
  scenario: {
    get name() { return vu.scenario; },
    executor: 'constant-vus',
    get iterationInTest() { return vu.iterationInTest; },
    get iterationInInstance() { return vu.iterationInTest; },
    get startTime() { return vu.startTime; },
  },
  instance: {
    get vusActive() { return vu.vus; },
    get vusInitialized() { return vu.vus; },
  },
  test: {
    abort(reason) {
      const error = new AbortError(`test aborted${reason ? `: ${reason}` : ''}`);
      error.k6Abort = true;
      throw error;
    },
    get options() { return vu.options; },
  },
};

export default exec;
