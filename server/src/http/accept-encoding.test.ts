import { describe, expect, it } from 'vitest';
import { chooseEncoding, parseAcceptEncoding, type Coding } from './accept-encoding';

const both = new Set<Coding>(['br', 'gzip']);
const gzipOnly = new Set<Coding>(['gzip']);
const none = new Set<Coding>();

describe('Accept-Encoding negotiation', () => {
  it('sends brotli to a browser (Chromium sends gzip, deflate, br, zstd)', () => {
    expect(chooseEncoding('gzip, deflate, br, zstd', both)).toBe('br');
  });

  it('sends gzip when brotli is not accepted or not held', () => {
    expect(chooseEncoding('gzip, deflate', both)).toBe('gzip');
    expect(chooseEncoding('gzip, br', gzipOnly)).toBe('gzip');
    expect(chooseEncoding('x-gzip', both)).toBe('gzip');
  });

  it('sends the file as it is without the header, with identity only, or with nothing held', () => {
    expect(chooseEncoding(undefined, both)).toBeNull();
    expect(chooseEncoding('', both)).toBeNull();
    expect(chooseEncoding('identity', both)).toBeNull();
    expect(chooseEncoding('gzip, br', none)).toBeNull();
  });

  it('honours q=0: that coding is refused', () => {
    expect(chooseEncoding('br;q=0, gzip', both)).toBe('gzip');
    expect(chooseEncoding('br;q=0, gzip;q=0', both)).toBeNull();
    expect(chooseEncoding('gzip;q=0.0', gzipOnly)).toBeNull();
    expect(chooseEncoding('*;q=0', both)).toBeNull();
    expect(chooseEncoding('gzip, *;q=0', both)).toBe('gzip');
  });

  it('prefers the higher q, and brotli on a tie', () => {
    expect(chooseEncoding('br;q=0.5, gzip;q=0.9', both)).toBe('gzip');
    expect(chooseEncoding('gzip;q=0.5, br;q=0.5', both)).toBe('br');
    expect(chooseEncoding('*', both)).toBe('br');
    expect(chooseEncoding('*;q=0.3, gzip;q=0.4', both)).toBe('gzip');
  });

  it('reads odd spacing, case and junk without throwing', () => {
    expect(chooseEncoding(' GZIP ; Q = 0.7 ,BR;q=0.2', both)).toBe('gzip');
    expect(chooseEncoding(',,;;, br;q=abc', both)).toBe('br');
    expect(chooseEncoding('br;q=5', both)).toBe('br');
    expect(chooseEncoding('br;q=-1', both)).toBe('br');
    expect(chooseEncoding('x'.repeat(100_000), both)).toBeNull();
  });

  it('takes the stricter reading of a coding named twice', () => {
    expect(parseAcceptEncoding('br, br;q=0').get('br')).toBe(0);
    expect(chooseEncoding('br, br;q=0, gzip', both)).toBe('gzip');
  });
});
