import { describe, expect, it } from 'vitest';
import { utf8ByteLength } from './utf8-length';

describe('utf8ByteLength', () => {
  it.each([
    ['empty', ''],
    ['ASCII', 'ls -la\r'],
    ['two-byte', 'é ü ß'],
    ['three-byte', '€ 中文'],
    ['astral (surrogate pairs)', '😀 𝄞'],
    ['a lone high surrogate', 'a\ud800b'],
    ['a lone low surrogate', 'a\udc00b'],
    ['a high surrogate at the end', 'x\ud83d'],
    ['reversed surrogates', '\ude00\ud83d'],
    ['mixed', 'x😀é€\ud800\udfff\udbff'],
  ])('counts %s as Buffer.byteLength does', (_what, text) => {
    expect(utf8ByteLength(text)).toBe(Buffer.byteLength(text, 'utf8'));
    expect(utf8ByteLength(text)).toBe(new TextEncoder().encode(text).length);
  });

  it('stops counting once past the limit', () => {
    const counted = utf8ByteLength('é'.repeat(1_000_000), 10);
    expect(counted).toBeGreaterThan(10);
    expect(counted).toBeLessThanOrEqual(12);
  });
});
