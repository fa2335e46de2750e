import { createAnchor } from '@tandem/anchors';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { LiveDocument } from '../context';
import { applySuggestion, type SuggestionOrigin } from './apply-suggestion';

/** A live document in memory: `change` runs in one transaction with its origin, as the hub's does. */
function fakeLive(content: string) {
  const doc = new Y.Doc();
  const text = doc.getText('content');
  text.insert(0, content);
  const origins: unknown[] = [];
  const live: LiveDocument = {
    doc,
    async change(origin, apply) {
      origins.push(origin);
      doc.transact(() => apply(doc), origin);
    },
  };
  return { doc, text, live, origins };
}

const origin: SuggestionOrigin = { kind: 'suggestion', userId: 'u', username: 'ann', threadId: 't', commentId: 'c' };
const threadOn = (text: Y.Text, from: number, to: number) => {
  const a = createAnchor(text, from, to);
  return { anchorStart: a.start, anchorEnd: a.end, quote: a.quote };
};

describe('applySuggestion', () => {
  it('replaces exactly the range in one transaction with the origin, by a minimal diff, and anchors the new text', async () => {
    const { text, live, origins } = fakeLive('a = 1\nb = 2\nc = 3\n');
    const thread = threadOn(text, 6, 12); // "b = 2\n"
    const other = threadOn(text, 6, 7); // "b": kept by the diff
    const outcome = await applySuggestion(live, thread, 'b = 20\n', origin, false);
    expect(text.toString()).toBe('a = 1\nb = 20\nc = 3\n');
    expect(origins).toEqual([origin]);
    expect(outcome).toMatchObject({ kind: 'applied', replaced: 'b = 2\n', forced: false, newAnchor: { quote: 'b = 20\n', startLine: 2 } });
    // The characters the suggestion kept are the same Yjs items: a thread on them is untouched.
    expect(Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(other.anchorStart), text.doc!, false)?.index).toBe(6);
  });

  it('answers the three texts when changed, applies with force; nothing to replace when orphaned', async () => {
    const { text, live } = fakeLive('one\ntwo\nthree\n');
    const thread = threadOn(text, 4, 8);
    text.insert(6, 'o');
    expect(await applySuggestion(live, thread, 'TWO\n', origin, false)).toEqual({ kind: 'conflict', conflict: { quote: 'two\n', current: 'twoo\n', suggestion: 'TWO\n' } });
    expect(text.toString()).toBe('one\ntwoo\nthree\n');
    expect(await applySuggestion(live, thread, 'TWO\n', origin, true)).toMatchObject({ kind: 'applied', forced: true, replaced: 'twoo\n' });
    expect(text.toString()).toBe('one\nTWO\nthree\n');
    const gone = threadOn(text, 0, 4);
    text.delete(0, 4);
    expect(await applySuggestion(live, gone, 'x', origin, true)).toEqual({ kind: 'conflict', conflict: { quote: 'one\n', current: null, suggestion: 'x' } });
  });

  it('records as applied, changing nothing, a range that already reads as suggested (the IDE applied it itself)', async () => {
    const { text, live, origins } = fakeLive('x = 1\n');
    const thread = threadOn(text, 0, 6);
    text.delete(4, 1);
    text.insert(4, '2');
    expect(await applySuggestion(live, thread, 'x = 2\n', origin, false)).toMatchObject({ kind: 'applied', forced: false, newAnchor: { quote: 'x = 2\n' } });
    expect(origins).toEqual([]);
  });

  it('a suggestion that deletes the range leaves no anchor (the thread is orphaned, as its code is)', async () => {
    const { text, live } = fakeLive('keep\ndrop\n');
    const outcome = await applySuggestion(live, threadOn(text, 5, 10), '', origin, false);
    expect(text.toString()).toBe('keep\n');
    expect(outcome).toMatchObject({ kind: 'applied', newAnchor: null });
  });
});
