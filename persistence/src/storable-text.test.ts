import { describe, expect, it } from 'vitest';
import { storableText } from './storable-text';

describe('storableText', () => {
  it('returns ordinary text unchanged, emoji (valid surrogate pairs) included', () => {
    for (const text of ['', 'print("hi")\n', 'naïve 日本 😀 \u{1F600}x', '\uFFFD already']) expect(storableText(text)).toBe(text);
  });

  it('SYNC-10: replaces NUL and lone surrogates by U+FFFD, one for one', () => {
    expect(storableText('a\0b\0')).toBe('a\uFFFDb\uFFFD');
    expect(storableText('x\uD800y')).toBe('x\uFFFDy');
    expect(storableText('\uDC00😀\uD83D')).toBe('\uFFFD😀\uFFFD');
  });

  it('gives what JSON and UTF-8 carry to PostgreSQL without loss', () => {
    const stored = storableText('a\0\uD800b😀');
    expect(JSON.stringify(stored)).not.toMatch(/\\u(0000|d[89a-f])/i);
    expect(Buffer.from(stored, 'utf8').toString('utf8')).toBe(stored);
  });
});
