import { describe, expect, it } from 'vitest';
import { SerialQueues } from './serial-queues';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('SerialQueues', () => {
  it('runs the tasks of one key in order, even when an earlier one is slower', async () => {
    const queues = new SerialQueues();
    const seen: string[] = [];
    queues.push('w', async () => {
      await tick();
      await tick();
      seen.push('slow first');
    }, () => {});
    queues.push('w', async () => void seen.push('fast second'), () => {});
    await queues.idle('w');
    expect(seen).toEqual(['slow first', 'fast second']);
  });

  it('keeps going after a failure and reports it', async () => {
    const queues = new SerialQueues();
    const errors: unknown[] = [];
    const seen: number[] = [];
    queues.push('w', async () => { throw new Error('boom'); }, (e) => errors.push(e));
    queues.push('w', async () => void seen.push(2), (e) => errors.push(e));
    await queues.drain();
    expect(seen).toEqual([2]);
    expect(errors).toHaveLength(1);
  });

  it('does not make one key wait for another', async () => {
    const queues = new SerialQueues();
    let release!: () => void;
    queues.push('a', () => new Promise<void>((r) => (release = r)), () => {});
    let bDone = false;
    await queues.push('b', async () => void (bDone = true), () => {});
    expect(bDone).toBe(true);
    release();
    await queues.drain();
  });
});
