import { describe, expect, it } from 'vitest';
import { MAX_EXITS, RestartPolicy } from './restart-policy';

describe('RestartPolicy', () => {
  it('LANG-8: backs off 1 s, doubling, and gives up after 5 exits within a minute', () => {
    const policy = new RestartPolicy();
    const delays = Array.from({ length: MAX_EXITS }, (_, i) => policy.exited(i * 1000));
    expect(delays).toEqual([1000, 2000, 4000, 8000, null]);
  });

  it('forgets exits older than a minute', () => {
    const policy = new RestartPolicy();
    for (let i = 0; i < 4; i++) policy.exited(i);
    expect(policy.exited(120_000)).toBe(1000);
  });
});
