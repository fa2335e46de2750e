import { describe, expect, it } from 'vitest';
import { OutputRing } from './output-ring';

function readAll(ring: OutputRing, from: number): string {
  let out = '';
  let at = from;
  for (;;) {
    const slice = ring.read(at, 3);
    if (slice.data === '') return out;
    expect(slice.seq).toBe(at);
    out += slice.data;
    at += slice.data.length;
  }
}

describe('OutputRing', () => {
  it('TERM-12: replays exactly the rest of the stream from any kept offset', () => {
    const ring = new OutputRing(100);
    ring.append('hello ');
    ring.append('world');
    ring.append('!');
    expect(ring.end).toBe(12);
    for (let since = 0; since <= 12; since++) expect(readAll(ring, since)).toBe('hello world!'.slice(since));
  });

  it('keeps at least its capacity and drops whole chunks from the front', () => {
    const ring = new OutputRing(10);
    for (let i = 0; i < 10; i++) ring.append('abcd');
    expect(ring.end).toBe(40);
    expect(ring.end - ring.start).toBeGreaterThanOrEqual(10);
    expect(ring.end - ring.start).toBeLessThan(14);
    expect(ring.start % 4).toBe(0);
  });

  it('TERM-14: clamps an offset older than the ring to the oldest kept output', () => {
    const ring = new OutputRing(4);
    ring.append('aaaa');
    ring.append('bbbb');
    ring.append('cccc');
    expect(ring.read(0, 100)).toEqual({ seq: ring.start, data: 'bbbbcccc'.slice(ring.start - 4) });
  });

  it('keeps a single chunk larger than the capacity', () => {
    const ring = new OutputRing(4);
    ring.append('0123456789');
    expect(ring.start).toBe(0);
    expect(ring.read(0, 100).data).toBe('0123456789');
  });

  it('TERM-2: does not end a slice between the halves of a surrogate pair', () => {
    const ring = new OutputRing(100);
    ring.append('a😀b');
    expect(ring.read(0, 2)).toEqual({ seq: 0, data: 'a' });
    expect(ring.read(1, 2).data).toBe('😀');
  });
});
