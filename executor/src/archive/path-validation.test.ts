import { describe, expect, it } from 'vitest';
import { ancestorsOf, nameRefusal, pathRefusal, validateRelativePath } from './path-validation';

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
    ['a/\uD800', 'bad-unicode'],
    ['a/C:x', 'drive-letter'],
  ])('refuses %j (%s)', (raw, reason) => {
    expect(validateRelativePath(raw)).toEqual({ ok: false, reason });
  });

  it('counts bytes, not characters, against the name limit', () => {
    expect(validateRelativePath('é'.repeat(128)).ok).toBe(false);
    expect(validateRelativePath('é'.repeat(127)).ok).toBe(true);
  });
});

describe('nameRefusal', () => {
  it.each(['main.py', '.env', '..hidden', 'a b', 'ü'.repeat(127), 'x'.repeat(255), '%_*?', '😀', 'ab:c', 'C', '1:x', 'x\u0085y'])('accepts %j', (name) => {
    expect(nameRefusal(name)).toBeNull();
  });
  it.each([
    ['', 'empty'],
    ['.', 'dot-segment'],
    ['..', 'dot-segment'],
    ['a/b', 'separator'],
    ['nul\0', 'nul'],
    ['tab\there', 'control-character'],
    ['line\n', 'control-character'],
    ['del\u007f', 'control-character'],
    ['a\\b', 'backslash'],
    ['\uD800', 'bad-unicode'],
    ['\uDC00x', 'bad-unicode'],
    ['C:', 'drive-letter'],
    ['c:name', 'drive-letter'],
    ['x'.repeat(256), 'name-too-long'],
    ['é'.repeat(128), 'name-too-long'],
  ])('refuses %j (%s)', (name, reason) => {
    expect(nameRefusal(name)).toBe(reason);
  });
});

describe('pathRefusal', () => {
  it('takes paths exactly as given: what validateRelativePath would normalise is refused', () => {
    expect(pathRefusal('src/main.py')).toBeNull();
    expect(pathRefusal('./x')).toBe('dot-segment');
    expect(pathRefusal('a/')).toBe('empty-segment');
    expect(pathRefusal('/x')).toBe('absolute');
    expect(pathRefusal('')).toBe('empty');
  });

  it('accepts exactly what the push accepts unchanged', () => {
    for (const path of ['a', 'a/b', 'a\\b', 'a/./b', 'a/b/', 'C:/x', 'x/\n', `${'d'.repeat(255)}/${'e'.repeat(255)}`, 'p/'.repeat(600) + 'x']) {
      const verdict = validateRelativePath(path);
      expect({ path, ok: pathRefusal(path) === null }).toEqual({ path, ok: verdict.ok && verdict.path === path });
    }
  });
});

describe('ancestorsOf', () => {
  it('lists outermost first', () => {
    expect(ancestorsOf('a/b/c.txt')).toEqual(['a', 'a/b']);
    expect(ancestorsOf('top.txt')).toEqual([]);
  });
});
