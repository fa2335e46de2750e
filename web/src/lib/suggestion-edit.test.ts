import { createAnchor, resolveAnchors } from '@tandem/anchors';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applySuggestionSteps, suggestionSteps } from './suggestion-edit';

/** Applies `suggestion` over [from, to) of `content` and says what the anchor made before reads after. */
function apply(content: string, from: number, to: number, suggestion: string) {
  const doc = new Y.Doc();
  const text = doc.getText('content');
  text.insert(0, content);
  const anchor = createAnchor(text, from, to);
  const steps = suggestionSteps(from, content.slice(from, to), suggestion);
  if (steps === null) return null;
  doc.transact(() => applySuggestionSteps(text, steps));
  const [r] = resolveAnchors(text, [anchor], { synced: true });
  return { text: text.toString(), range: text.toString().slice(r!.from!, r!.to!) };
}

describe('suggestionSteps', () => {
  const cases: Array<[string, string]> = [
    ['value = 1', 'value = 2'],
    ['value = 1', 'x value = 1'],
    ['value = 1', 'value = 1 # ok'],
    ['value = 1', 'totally different'],
    ['ab', 'xaby'],
    ['abc', 'abc\nmore'],
    ['return a + b\n', 'return a - b\n'],
    ['😀 face', '😀 smile'],
  ];
  it.each(cases)('%j → %j: the range reads the suggestion, the text around is kept', (quote, suggestion) => {
    const out = apply(`before ${quote} after`, 7, 7 + quote.length, suggestion)!;
    expect(out.text).toBe(`before ${suggestion} after`);
    expect(out.range).toBe(suggestion);
  });

  it('keeps the common prefix and suffix as they are (minimal)', () => {
    expect(suggestionSteps(10, 'value = 1', 'value = 2')).toEqual([
      { kind: 'insert', index: 18, text: '2' },
      { kind: 'delete', index: 19, length: 1 },
    ]);
  });

  it('leaves to the server what cannot stay anchored: a one-character range growing, an empty suggestion', () => {
    expect(suggestionSteps(0, 'a', 'xay')).toBeNull();
    expect(suggestionSteps(0, 'abc', '')).toBeNull();
    expect(suggestionSteps(0, 'a', 'b')).toBeNull();
    expect(suggestionSteps(0, 'same', 'same')).toEqual([]);
  });
});
