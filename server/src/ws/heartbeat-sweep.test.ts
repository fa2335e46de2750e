import { describe, expect, it } from 'vitest';
import { HeartbeatSweep } from './heartbeat-sweep';

function fixture() {
  let now = 0;
  const sweep = new HeartbeatSweep({ intervalMs: 2000, silentMs: 4500, tickMs: 0 }, () => now);
  const log: string[] = [];
  const add = (name: string) => sweep.add({ beat: () => log.push(`beat ${name}`), dead: () => log.push(`dead ${name}`) });
  return { sweep, log, add, at: (t: number) => ((now = t), sweep.sweep()) };
}

describe('HeartbeatSweep', () => {
  it('BEAT-1: beats each socket once an interval has passed since its last beat', () => {
    const { log, add, at } = fixture();
    add('a');
    at(1500);
    expect(log).toEqual([]);
    at(2000);
    at(2500);
    expect(log).toEqual(['beat a']);
    at(4000);
    expect(log).toEqual(['beat a', 'beat a']);
  });

  it('BEAT-4: ends a socket silent for silentMs, once, and keeps one that answered', () => {
    const { sweep, log, add, at } = fixture();
    add('silent');
    const talker = add('talker');
    at(2000);
    talker.heard = true;
    at(4000);
    talker.heard = true;
    at(4500);
    expect(log.filter((l) => l.startsWith('dead'))).toEqual(['dead silent']);
    at(6000);
    at(9000);
    expect(log.filter((l) => l.startsWith('dead'))).toEqual(['dead silent', 'dead talker']);
    expect(sweep.size).toBe(0);
  });

  it('forgets a removed socket', () => {
    const { sweep, log, add, at } = fixture();
    sweep.remove(add('a'));
    at(10_000);
    expect(log).toEqual([]);
  });
});
