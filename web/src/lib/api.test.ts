import { describe, expect, it } from 'vitest';
import { queryString } from './api';

describe('queryString', () => {
  it('keeps only the values that are set', () => {
    expect(queryString({ role: 'queue', status: undefined, q: '', cursor: null, limit: 25 })).toBe('?role=queue&limit=25');
    expect(queryString({})).toBe('');
  });
  it('encodes what it keeps', () => {
    expect(queryString({ q: 'a&b c' })).toBe('?q=a%26b+c');
  });
});
