import { describe, expect, it } from 'vitest';
import { findQuote } from './find-quote';

const facts = (quote: string, startLine: number, prefix = '', suffix = '') => ({ quote, prefix, suffix, startLine });
const lines = (n: number, make: (i: number) => string) => Array.from({ length: n }, (_, i) => make(i + 1)).join('');

describe('findQuote: re-attaching a thread to its code', () => {
  it('finds the exact quote after it moved (cut and pasted elsewhere)', () => {
    const content = 'a\nb\nc\ndef parse(s):\n    return s\nd\n';
    const found = findQuote(content, facts('def parse(s):\n    return s\n', 1));
    expect(found).toMatchObject({ how: 'exact', similarity: 1 });
    expect(content.slice(found!.from, found!.to)).toBe('def parse(s):\n    return s\n');
  });

  it('tells repeated code apart by its context, then by the nearest line', () => {
    const content = 'if a:\n    x = 1\nif b:\n    x = 1\nif a:\n    x = 1\n';
    const byContext = findQuote(content, facts('    x = 1\n', 1, 'if b:\n', ''));
    expect(byContext!.from).toBe(content.indexOf('if b:\n') + 6);
    const byLine = findQuote(content, facts('    x = 1\n', 6, 'if a:\n', ''));
    expect(byLine!.from).toBe(content.lastIndexOf('    x = 1'));
  });

  it('falls back to the most similar lines when the code was edited as well as moved', () => {
    const content = lines(30, (i) => `filler line number ${i}\n`) + 'def parse(text, strict=False):\n    return text.strip()\n' + lines(10, (i) => `tail ${i}\n`);
    const found = findQuote(content, facts('def parse(text):\n    return text.strip()\n', 3));
    expect(found?.how).toBe('fuzzy');
    expect(found!.similarity).toBeGreaterThan(0.6);
    expect(content.slice(found!.from, found!.to)).toBe('def parse(text, strict=False):\n    return text.strip()\n');
  });

  it('starts a fuzzy match after the indentation, and keeps the newline only when the quote had it', () => {
    const content = 'x\n        total = compute(values)  # sum\ny\n';
    const found = findQuote(content, facts('total = compute(vals)  # sum', 2));
    expect(found?.how).toBe('fuzzy');
    expect(content.slice(found!.from, found!.to)).toBe('total = compute(values)  # sum');
  });

  it('finds nothing rather than a wrong guess', () => {
    expect(findQuote('completely\ndifferent\ntext\n', facts('def parse(text):\n    return text\n', 1))).toBeNull();
    expect(findQuote('anything', facts('', 1))).toBeNull();
    expect(findQuote('', facts('something', 1))).toBeNull();
  });

  it('stays fast on a large file with a quote that is everywhere', () => {
    const content = 'x = 1\n'.repeat(50_000);
    const started = performance.now();
    const found = findQuote(content, facts('x = 1\n', 25_000));
    expect(found?.how).toBe('exact');
    // Bounded work (the first matches only), not a timing target: see the bench for figures.
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
