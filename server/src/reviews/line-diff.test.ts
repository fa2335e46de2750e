/**
 * The line diff: applying its hunks to the old text gives the new one exactly, over
 * random texts (lines from a small alphabet, so they repeat and Myers has to choose;
 * LF, CRLF and a missing final newline mixed); each hunk's counts and positions agree
 * with its lines and the unified-diff convention; context is at most 3 lines and
 * hunks never overlap. Edge cases by hand.
 */
import { seededRandom } from '@tandem/anchors/testing';
import { describe, expect, it } from 'vitest';
import { isTooLarge, lineDiff, MAX_DIFF_BYTES, MAX_DIFF_LINES, splitLines, type Hunk } from './line-diff';

/** Applies hunks as `patch` would, checking that every context and deleted line is where the hunk says. */
function apply(oldText: string, hunks: readonly Hunk[]): string {
  const old = splitLines(oldText);
  const out: string[] = [];
  let at = 0;
  for (const h of hunks) {
    const start = h.oldLines === 0 ? h.oldStart : h.oldStart - 1;
    expect(start).toBeGreaterThanOrEqual(at);
    out.push(...old.slice(at, start));
    at = start;
    for (const line of h.lines) {
      if (line.op === 'add') out.push(line.text);
      else {
        expect(old[at]).toBe(line.text);
        if (line.op === 'context') out.push(line.text);
        at++;
      }
    }
  }
  out.push(...old.slice(at));
  return out.join('');
}

function checkShape(hunks: readonly Hunk[]): void {
  let newDelta = 0;
  for (const h of hunks) {
    const ops = h.lines.map((l) => l.op);
    expect(h.oldLines).toBe(ops.filter((o) => o !== 'add').length);
    expect(h.newLines).toBe(ops.filter((o) => o !== 'del').length);
    expect(ops.some((o) => o !== 'context'), 'a hunk holds a change').toBe(true);
    const lead = ops.findIndex((o) => o !== 'context');
    const trail = [...ops].reverse().findIndex((o) => o !== 'context');
    expect(lead).toBeLessThanOrEqual(3);
    expect(trail).toBeLessThanOrEqual(3);
    // The new side is the old side shifted by what the hunks before added and removed.
    const oldFirst = h.oldLines === 0 ? h.oldStart + 1 : h.oldStart;
    const newFirst = h.newLines === 0 ? h.newStart + 1 : h.newStart;
    expect(newFirst).toBe(oldFirst + newDelta);
    newDelta += h.newLines - h.oldLines;
  }
}

function randomText(next: () => number, lines: number): string {
  const words = ['a', 'b', 'c', 'def', '', '  x = 1', 'é🎉'];
  let text = '';
  for (let i = 0; i < lines; i++) {
    text += words[Math.floor(next() * words.length)]!;
    const end = next();
    if (i < lines - 1 || end < 0.7) text += end < 0.15 ? '\r\n' : '\n';
  }
  return text;
}

/** `old` with a few random lines deleted, inserted and replaced: the usual shape of an edit. */
function edited(next: () => number, old: string): string {
  const lines = splitLines(old);
  const edits = Math.floor(next() * 6);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(next() * (lines.length + 1));
    const kind = next();
    if (kind < 0.33) lines.splice(at, 1);
    else if (kind < 0.66) lines.splice(at, 0, `new ${e}\n`);
    else lines.splice(at, 1, `changed ${e}\n`);
  }
  return lines.join('');
}

describe('lineDiff', () => {
  it('gives hunks that turn the old text into the new, over random texts', () => {
    const next = seededRandom(42).next;
    for (let round = 0; round < 2_000; round++) {
      const oldText = randomText(next, Math.floor(next() * 40));
      const newText = next() < 0.5 ? randomText(next, Math.floor(next() * 40)) : edited(next, oldText);
      const hunks = lineDiff(oldText, newText);
      checkShape(hunks);
      expect(apply(oldText, hunks), JSON.stringify({ oldText, newText })).toBe(newText);
      if (oldText === newText) expect(hunks).toEqual([]);
    }
  });

  it('keeps far-apart changes in separate hunks with 3 lines of context, and merges near ones', () => {
    const old = Array.from({ length: 30 }, (_, i) => `line ${i + 1}\n`).join('');
    const changed = old.replace('line 5\n', 'five\n').replace('line 25\n', 'twenty-five\n').replace('line 12\n', 'twelve\n');
    const hunks = lineDiff(old, changed);
    expect(hunks.map((h) => [h.oldStart, h.oldLines, h.newStart, h.newLines])).toEqual([
      [2, 14, 2, 14], // lines 5 and 12: six equal lines apart, one hunk
      [22, 7, 22, 7],
    ]);
    expect(hunks[1]!.lines).toEqual([
      ...['line 22\n', 'line 23\n', 'line 24\n'].map((text) => ({ op: 'context', text })),
      { op: 'del', text: 'line 25\n' },
      { op: 'add', text: 'twenty-five\n' },
      ...['line 26\n', 'line 27\n', 'line 28\n'].map((text) => ({ op: 'context', text })),
    ]);
  });

  it('handles empty files on either side', () => {
    expect(lineDiff('', '')).toEqual([]);
    expect(lineDiff('', 'a\nb')).toEqual([{ oldStart: 0, oldLines: 0, newStart: 1, newLines: 2, lines: [{ op: 'add', text: 'a\n' }, { op: 'add', text: 'b' }] }]);
    expect(lineDiff('a\n', '')).toEqual([{ oldStart: 1, oldLines: 1, newStart: 0, newLines: 0, lines: [{ op: 'del', text: 'a\n' }] }]);
  });

  it('shows a final newline added or removed as a changed last line', () => {
    expect(lineDiff('a\nb', 'a\nb\n')).toEqual([
      { oldStart: 1, oldLines: 2, newStart: 1, newLines: 2, lines: [{ op: 'context', text: 'a\n' }, { op: 'del', text: 'b' }, { op: 'add', text: 'b\n' }] },
    ]);
    expect(apply('a\nb\n', lineDiff('a\nb\n', 'a\nb'))).toBe('a\nb');
  });

  it('keeps CRLF whole, so a change of line endings is a changed line and nothing else', () => {
    const hunks = lineDiff('a\r\nb\r\nc\r\n', 'a\r\nb\nc\r\n');
    expect(hunks[0]!.lines).toEqual([
      { op: 'context', text: 'a\r\n' },
      { op: 'del', text: 'b\r\n' },
      { op: 'add', text: 'b\n' },
      { op: 'context', text: 'c\r\n' },
    ]);
    expect(splitLines('x\r\ny\rz')).toEqual(['x\r\n', 'y\rz']);
  });

  it('is exact, and quick, when two large texts share nothing (past the Myers budget)', () => {
    const a = Array.from({ length: 5_000 }, (_, i) => `a${i}\n`).join('');
    const b = Array.from({ length: 5_000 }, (_, i) => `b${i}\n`).join('');
    const started = performance.now();
    const hunks = lineDiff(a, b);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(apply(a, hunks)).toBe(b);
  });
});

describe('isTooLarge', () => {
  it(`bounds files at ${MAX_DIFF_LINES} lines and ${MAX_DIFF_BYTES} bytes`, () => {
    expect(isTooLarge('x\n'.repeat(MAX_DIFF_LINES - 1))).toBe(false);
    expect(isTooLarge('x\n'.repeat(MAX_DIFF_LINES))).toBe(true);
    expect(isTooLarge('x'.repeat(MAX_DIFF_BYTES))).toBe(false);
    expect(isTooLarge('x'.repeat(MAX_DIFF_BYTES + 1))).toBe(true);
    expect(isTooLarge('é'.repeat(MAX_DIFF_BYTES / 2 + 1)), 'counted in UTF-8 bytes').toBe(true);
  });
});
