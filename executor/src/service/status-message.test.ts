import { describe, expect, it } from 'vitest';
import { envStatusMessage } from './status-message';

describe('envStatusMessage', () => {
  it('ENV-1, ENV-2: carries the reason of a failure and the files a ready environment left out', () => {
    expect(envStatusMessage({ state: 'starting' })).toEqual({ type: 'env.status', status: 'starting' });
    expect(envStatusMessage({ state: 'ready' })).toEqual({ type: 'env.status', status: 'ready' });
    expect(envStatusMessage({ state: 'failed', reason: 'no pod' })).toEqual({ type: 'env.status', status: 'failed', reason: 'no pod' });
    expect(envStatusMessage({ state: 'ready', skipped: { count: 1, paths: ['a\\b'] } })).toEqual({
      type: 'env.status',
      status: 'ready',
      skipped: { count: 1, paths: ['a\\b'] },
    });
  });
});
