import { describe, expect, it } from 'vitest';
import { ancestorPaths, isSameOrBelow, joinPath, nameProblem, parseRawPath, pathProblem } from './names';

describe('nameProblem', () => {
  it.each(['main.py', '.env', '..hidden', 'a b', 'ü'.repeat(127), 'x'.repeat(255), '%_*?', '😀'])('accepts %j', (name) => {
    expect(nameProblem(name)).toBeNull();
  });
  it.each(['', '.', '..', 'a/b', '/', 'nul\0', 'x'.repeat(256), 'é'.repeat(128), '\uD800'])('refuses %j', (name) => {
    expect(nameProblem(name)).toEqual(expect.any(String));
  });
});

describe('pathProblem', () => {
  it.each(['a', 'src/main.py', 'a/b/c/d.txt', `${'d'.repeat(255)}/x`])('accepts %j', (path) => {
    expect(pathProblem(path)).toBeNull();
  });
  it.each(['', '/etc/passwd', 'a//b', 'a/', '../x', 'a/../b', './x', '.', 'a/\0', `${'p/'.repeat(2048)}x`])('refuses %j', (path) => {
    expect(pathProblem(path)).toEqual(expect.any(String));
  });
  it('counts bytes, not characters, against the 4096 limit', () => {
    const segment = 'é'.repeat(100); // 200 bytes
    const path = Array.from({ length: 21 }, () => segment).join('/'); // 21*200 + 20 = 4220 bytes, 2120 characters
    expect(pathProblem(path)).toMatch(/4096/);
  });
});

describe('parseRawPath', () => {
  it('decodes each segment', () => {
    expect(parseRawPath('src/my%20file%23.py')).toEqual({ ok: true, path: 'src/my file#.py', segments: ['src', 'my file#.py'] });
  });
  it.each(['', '%2E%2E/x', 'a%2Fb', 'a//b', '/abs', 'a/', '%E0%A4%A', 'x%00'])('refuses %j', (raw) => {
    expect(parseRawPath(raw).ok).toBe(false);
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
