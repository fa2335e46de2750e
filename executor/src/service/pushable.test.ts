import { describe, expect, it } from 'vitest';
import { MAX_LISTED_SKIPPED, isPushablePath, splitPushable, summariseSkipped } from './pushable';

describe('pushable paths', () => {
  it('ENV-2: leaves out what the push cannot write, keeping the rest in order', () => {
    const files = ['main.py', 'a\\b', 'src/ok.txt', 'bad\nname', 'src/C:x', 'x/\0y', 'ü/😀.txt'].map((path) => ({ path, content: '' }));
    const { pushable, skipped } = splitPushable(files);
    expect(pushable.map((f) => f.path)).toEqual(['main.py', 'src/ok.txt', 'ü/😀.txt']);
    expect(skipped).toEqual(['a\\b', 'bad\nname', 'src/C:x', 'x/\0y']);
    expect(isPushablePath('./main.py')).toBe(false); // the server's paths are normalised; anything else is not one of them
  });

  it('ENV-2: summarises skipped paths for env.status: an exact count, the first few sorted', () => {
    expect(summariseSkipped(new Set())).toBeUndefined();
    const many = new Set(Array.from({ length: 30 }, (_, i) => `bad\\${String(i).padStart(2, '0')}`));
    const summary = summariseSkipped(many)!;
    expect(summary.count).toBe(30);
    expect(summary.paths).toHaveLength(MAX_LISTED_SKIPPED);
    expect(summary.paths[0]).toBe('bad\\00');
  });
});
