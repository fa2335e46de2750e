import { describe, expect, it } from 'vitest';
import { latestOnly } from './latest-only';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => { resolve = r; });
  return { promise, resolve };
}

describe('latestOnly', () => {
  it('lets only the load started last set the value, whatever order the answers come in', async () => {
    const seen: string[] = [];
    const load = latestOnly<string>((v) => seen.push(v));
    const older = deferred<string>();
    const newer = deferred<string>();
    const a = load(older.promise);
    const b = load(newer.promise);
    newer.resolve('after the verdict');
    await b;
    older.resolve('before the verdict');
    await a;
    expect(seen).toEqual(['after the verdict']);
  });

  it('passes a failure on to the caller, and a later load still applies', async () => {
    const seen: number[] = [];
    const load = latestOnly<number>((v) => seen.push(v));
    await expect(load(Promise.reject(new Error('offline')))).rejects.toThrow('offline');
    await load(Promise.resolve(2));
    expect(seen).toEqual([2]);
  });
});
