import { describe, expect, it } from 'vitest';
import { ancestorsOf, validateRelativePath } from './path-validation';

describe('validateRelativePath', () => {
  it.each([
    ['a.txt', 'a.txt'],
    ['./src/main.py', 'src/main.py'],
    ['././src/', 'src'],
    ['dir/', 'dir'],
    ['naïve/日本.txt', 'naïve/日本.txt'],
    ['.hidden/..dots', '.hidden/..dots'],
  ])('accepts %j as %j', (raw, path) => {
    expect(validateRelativePath(raw)).toEqual({ ok: true, path });
  });

  it.each([
    ['', 'empty'],
    ['.', 'empty'],
    ['./', 'empty'],
    ['/etc/passwd', 'absolute'],
    ['C:/x', 'absolute'],
    ['../x', 'dot-segment'],
    ['a/../../x', 'dot-segment'],
    ['a/./b', 'dot-segment'],
    ['a//b', 'empty-segment'],
    ['a\0b', 'nul'],
    ['a\nb', 'control-character'],
    ['a\\..\\b', 'backslash'],
    ['x'.repeat(256), 'name-too-long'],
    [Array.from({ length: 300 }, () => 'abcd').join('/'), 'path-too-long'],
  ])('refuses %j (%s)', (raw, reason) => {
    expect(validateRelativePath(raw)).toEqual({ ok: false, reason });
  });

  it('counts bytes, not characters, against the name limit', () => {
    expect(validateRelativePath('é'.repeat(128)).ok).toBe(false);
    expect(validateRelativePath('é'.repeat(127)).ok).toBe(true);
  });
});

describe('ancestorsOf', () => {
  it('lists outermost first', () => {
    expect(ancestorsOf('a/b/c.txt')).toEqual(['a', 'a/b']);
    expect(ancestorsOf('top.txt')).toEqual([]);
  });
});
