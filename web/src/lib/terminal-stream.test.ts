import { describe, expect, it } from 'vitest';
import { TerminalStream } from './terminal-stream';

describe('TerminalStream', () => {
  it('TERM-2: writes live output in order', () => {
    const s = new TerminalStream();
    expect(s.accept(0, 'hello ')).toBe('hello ');
    expect(s.accept(6, 'world')).toBe('world');
    expect(s.next).toBe(11);
  });

  it('drops what a replay repeats and keeps what is new', () => {
    const s = new TerminalStream();
    s.accept(0, 'abcdef');
    expect(s.accept(0, 'abcdef')).toBe('');
    expect(s.accept(4, 'efgh')).toBe('gh');
    expect(s.next).toBe(8);
  });

  it('TERM-3: moves past skipped output and reports how much was lost', () => {
    const s = new TerminalStream();
    s.accept(0, 'ab');
    expect(s.skip(10)).toBe(8);
    expect(s.accept(10, 'k')).toBe('k');
    expect(s.skip(5)).toBe(0);
  });
});
