import { describe, expect, it } from 'vitest';
import type { Thread } from '@tandem/protocol';
import { threadDecorations } from './thread-decorations';
import type { ThreadView } from './thread-resolution';
import { zoneAfterLine } from './thread-zone';

const thread = (resolved = false) => ({ id: 't', resolved }) as Thread;
const view = (state: ThreadView['state'], resolved = false, lines: [number, number] = [3, 4]): ThreadView => ({
  thread: thread(resolved), state, from: 10, to: state === 'orphaned' ? 10 : 20,
  range: state === 'pending' || state === 'file-level' ? null : { startLineNumber: lines[0], startColumn: 2, endLineNumber: lines[1], endColumn: 5 },
  endLine: state === 'pending' || state === 'file-level' ? null : lines[1], current: null,
});

describe('threadDecorations', () => {
  it('an anchored thread: a highlight on its range, a gutter bar over its lines, a ruler mark', () => {
    const [range, glyph] = threadDecorations([view('anchored')]);
    expect(range!.range).toEqual({ startLineNumber: 3, startColumn: 2, endLineNumber: 4, endColumn: 5 });
    expect(range!.options.className).toBe('thread-range thread-anchored');
    expect(glyph!.range).toEqual({ startLineNumber: 3, startColumn: 1, endLineNumber: 4, endColumn: 1 });
    expect(glyph!.options.linesDecorationsClassName).toBe('thread-glyph thread-anchored');
    expect(glyph!.options.overviewRuler?.position).toBe(4);
  });

  it('changed and orphaned look different; orphaned is a ghost glyph only; resolved is dimmed, off the ruler', () => {
    expect(threadDecorations([view('changed')])[0]!.options.className).toContain('thread-changed');
    const ghost = threadDecorations([view('orphaned')]);
    expect(ghost).toHaveLength(1);
    expect(ghost[0]!.options.linesDecorationsClassName).toBe('thread-glyph thread-ghost thread-orphaned');
    const resolved = threadDecorations([view('anchored', true)]);
    expect(resolved[0]!.options.className).toContain('thread-resolved');
    expect(resolved[1]!.options.overviewRuler).toBeUndefined();
  });

  it('draws nothing for pending and file-level threads', () => {
    expect(threadDecorations([view('pending'), view('file-level')])).toEqual([]);
  });
});

describe('zoneAfterLine', () => {
  it('under the end line; where the code was when orphaned; at the top when file-level; none when pending', () => {
    expect(zoneAfterLine(view('anchored', false, [3, 8]))).toBe(8);
    expect(zoneAfterLine(view('changed', false, [3, 9]))).toBe(9);
    expect(zoneAfterLine(view('orphaned', false, [5, 5]))).toBe(5);
    expect(zoneAfterLine(view('file-level'))).toBe(0);
    expect(zoneAfterLine(view('pending'))).toBeNull();
  });
});
