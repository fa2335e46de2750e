import { describe, expect, it } from 'vitest';
import { LineIndex } from './text-positions';

describe('LineIndex', () => {
  const index = new LineIndex('ab\n🐍c\n\nend');

  it('turns offsets into lines and UTF-16 characters and back', () => {
    for (let offset = 0; offset <= index.text.length; offset++) expect(index.offsetAt(index.positionAt(offset))).toBe(offset);
    expect(index.positionAt(3)).toEqual({ line: 1, character: 0 });
    expect(index.positionAt(5)).toEqual({ line: 1, character: 2 }); // the snake is two code units
    expect(index.positionAt(8)).toEqual({ line: 3, character: 0 });
  });

  it('clamps positions past a line or the text', () => {
    expect(index.offsetAt({ line: 0, character: 99 })).toBe(2);
    expect(index.offsetAt({ line: 9, character: 0 })).toBe(index.text.length);
    expect(index.positionAt(999)).toEqual({ line: 3, character: 3 });
  });
});
