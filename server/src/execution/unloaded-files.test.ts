import { describe, expect, it } from 'vitest';
import { UnloadedFiles } from './unloaded-files';

describe('UnloadedFiles', () => {
  it('shields the bytes of a binary file from the empty placeholder, until someone types', () => {
    const files = new UnloadedFiles();
    files.set('w', 'out/data.bin', { size: 10, reason: 'binary' });
    expect(files.shields('w', 'out/data.bin', '')).toBe(true);
    expect(files.shields('w', 'other.txt', '')).toBe(false);
    expect(files.shields('w2', 'out/data.bin', '')).toBe(false);
    expect(files.shields('w', 'out/data.bin', 'replaced')).toBe(false);
    expect(files.get('w', 'out/data.bin')).toBeUndefined();
  });

  it('forgets a deleted or renamed folder with everything below it', () => {
    const files = new UnloadedFiles();
    files.set('w', 'a/x.bin', { size: 1, reason: 'binary' });
    files.set('w', 'a/b/y.bin', { size: 1, reason: 'too-large' });
    files.set('w', 'ab.bin', { size: 1, reason: 'binary' });
    files.clear('w', 'a');
    expect(files.get('w', 'a/x.bin')).toBeUndefined();
    expect(files.get('w', 'a/b/y.bin')).toBeUndefined();
    expect(files.get('w', 'ab.bin')).toEqual({ size: 1, reason: 'binary' });
  });
});
