import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { offsetAfterDelta, type TextDelta } from './undo-cursor';

describe('offsetAfterDelta', () => {
  it('puts the cursor after re-inserted text and where deleted text was', () => {
    expect(offsetAfterDelta([{ retain: 4 }, { insert: 'abc' }])).toBe(7);
    expect(offsetAfterDelta([{ retain: 4 }, { delete: 3 }])).toBe(4);
    expect(offsetAfterDelta([{ insert: 'x' }, { retain: 10 }, { delete: 2 }])).toBe(11);
    expect(offsetAfterDelta([{ retain: 3 }])).toBeNull();
  });

  it('follows a real Y.Text delta', () => {
    const text = new Y.Doc().getText();
    text.insert(0, 'hello world');
    let offset: number | null = null;
    text.observe((e) => (offset = offsetAfterDelta(e.delta as TextDelta)));
    text.delete(5, 6);
    expect(offset).toBe(5);
  });
});
