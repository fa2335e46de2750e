import { describe, expect, it } from 'vitest';
import { parseOptions } from './cli-options';

describe('bench options', () => {
  it('defaults to full points at the default duration', () => {
    expect(parseOptions([], {}, 15)).toEqual({ quick: false, durationS: 15, points: null, servers: null });
  });

  it('--quick shortens points unless a duration is given; flags win over the environment', () => {
    expect(parseOptions(['--quick'], {}, 15).durationS).toBe(3);
    expect(parseOptions(['--quick', '--duration=7'], { BENCH_DURATION: '9' }, 15).durationS).toBe(7);
    expect(parseOptions([], { BENCH_SERVERS: 'ours, hocuspocus' }, 15).servers).toEqual(['ours', 'hocuspocus']);
  });

  it('rejects a nonsense duration instead of running forever', () => {
    expect(() => parseOptions(['--duration=abc'], {}, 15)).toThrow(/positive/);
  });
});
