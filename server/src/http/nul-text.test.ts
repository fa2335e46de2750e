import { describe, expect, it } from 'vitest';
import { findNul, mayHoldNul } from './nul-text';

describe('findNul', () => {
  it('finds a NUL in a string value anywhere and says where', () => {
    expect(findNul('a\u0000b')).toBe('');
    expect(findNul({ name: 'x\u0000' })).toBe('name');
    expect(findNul({ a: [1, 'ok', { b: '\u0000' }] })).toBe('a.2.b');
    expect(findNul({ first: 'ok', second: 'no\u0000' })).toBe('second');
  });

  it('finds a NUL in a key, printed escaped', () => {
    expect(findNul({ outer: { 'k\u0000': 1 } })).toBe('outer.k\\u0000');
  });

  it('is null for clean values of every JSON type', () => {
    expect(findNul({ a: 'text', b: 1, c: true, d: null, e: [], f: {}, g: ['\\u0000 written out'] })).toBeNull();
  });

  it('walks deep nesting without overflowing the stack', () => {
    const text = `${'['.repeat(200_000)}"\\u0000"${']'.repeat(200_000)}`;
    const deep = JSON.parse(text);
    expect(findNul(deep)).toMatch(/^0(\.0)*$/);
  });
});

describe('mayHoldNul', () => {
  it('is true only when the JSON text has the escape', () => {
    expect(mayHoldNul('{"a":"\\u0000"}')).toBe(true);
    expect(mayHoldNul('{"a":"b"}')).toBe(false);
  });
});
