import { describe, expect, it } from 'vitest';
import { pathRefusal, validateRelativePath } from '@tandem/executor/paths';
import { ancestorPaths, isSameOrBelow, joinPath, MAX_PATH_BYTES, nameProblem, parseRawPath, pathProblem } from './names';

describe('nameProblem', () => {
  it.each(['main.py', '.env', '..hidden', 'a b', 'ü'.repeat(127), 'x'.repeat(255), '%_*?', '😀', 'ab:c'])('accepts %j', (name) => {
    expect(nameProblem(name)).toBeNull();
  });
  it.each(['', '.', '..', 'a/b', '/', 'nul\0', 'x'.repeat(256), 'é'.repeat(128), '\uD800', 'a\\b', 'tab\t', 'line\n', 'C:x'])('refuses %j', (name) => {
    expect(nameProblem(name)).toEqual(expect.any(String));
  });
});

describe('pathProblem', () => {
  it.each(['a', 'src/main.py', 'a/b/c/d.txt', `${'d'.repeat(255)}/x`])('accepts %j', (path) => {
    expect(pathProblem(path)).toBeNull();
  });
  it.each(['', '/etc/passwd', 'a//b', 'a/', '../x', 'a/../b', './x', '.', `${'p/'.repeat(600)}x`])('refuses the path %j (invalid_path)', (path) => {
    expect(pathProblem(path)).toMatchObject({ code: 'invalid_path' });
  });
  it.each(['a/\0', 'a\\b', 'src/a\\b.txt', 'x/\u0001', `d/${'x'.repeat(256)}`, 'C:/x'])('refuses the name in %j (invalid_name)', (path) => {
    expect(pathProblem(path)).toMatchObject({ code: 'invalid_name', message: expect.stringContaining('(in "') });
  });
  it('counts bytes, not characters, against the path limit', () => {
    const segment = 'é'.repeat(100); // 200 bytes
    const path = Array.from({ length: 6 }, () => segment).join('/'); // 6*200 + 5 = 1205 bytes, 605 characters
    expect(path.length).toBeLessThan(MAX_PATH_BYTES);
    expect(pathProblem(path)).toMatchObject({ code: 'invalid_path', message: expect.stringMatching(/1024/) });
  });
  it('accepts exactly the paths the push writes unchanged (one rule)', () => {
    for (const path of ['a', 'a/b', 'a\\b', 'a/\n', 'C:/x', 'a/./b', `${'p/'.repeat(600)}x`, 'ü/😀']) {
      const verdict = validateRelativePath(path);
      expect({ path, ok: pathProblem(path) === null }).toEqual({ path, ok: verdict.ok && verdict.path === path && pathRefusal(path) === null });
    }
  });
});

describe('parseRawPath', () => {
  it('decodes each segment', () => {
    expect(parseRawPath('src/my%20file%23.py')).toEqual({ ok: true, path: 'src/my file#.py', segments: ['src', 'my file#.py'] });
  });
  it.each(['', '%2E%2E/x', 'a%2Fb', 'a//b', '/abs', 'a/', '%E0%A4%A'])('refuses the path %j (invalid_path)', (raw) => {
    expect(parseRawPath(raw)).toMatchObject({ ok: false, code: 'invalid_path' });
  });
  it.each(['x%00', 'a%5Cb', 'dir/a%5Cb', 'tab%09', 'x'.repeat(256)])('refuses the name in %j (invalid_name)', (raw) => {
    expect(parseRawPath(raw)).toMatchObject({ ok: false, code: 'invalid_name' });
  });
});

describe('path helpers', () => {
  it('joins, compares and lists ancestors', () => {
    expect(joinPath(null, 'a')).toBe('a');
    expect(joinPath('a/b', 'c')).toBe('a/b/c');
    expect(isSameOrBelow('a/b', 'a')).toBe(true);
    expect(isSameOrBelow('a', 'a')).toBe(true);
    expect(isSameOrBelow('ab', 'a')).toBe(false);
    expect(ancestorPaths('a/b/c.txt')).toEqual(['a', 'a/b']);
    expect(ancestorPaths('c.txt')).toEqual([]);
  });
});
