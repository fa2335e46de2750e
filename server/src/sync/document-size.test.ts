import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocumentSize } from './document-size';

describe('DocumentSize', () => {
  it('admits by the bound alone while it is under the limit: no measuring', () => {
    let measures = 0;
    const size = new DocumentSize(100, () => (measures++, 0));
    size.grew(30);
    expect(size.admits(20)).toBe(true);
    expect(measures).toBe(0);
  });

  it('measures once when the bound is over, and trusts the measure until the document changes', () => {
    let measures = 0;
    let exact = 30;
    const size = new DocumentSize(100, () => (measures++, exact));
    size.grew(45); // counted twice: the bound is 90, the real state smaller
    expect(size.admits(25)).toBe(true);
    expect(measures).toBe(1);
    expect(size.bound).toBe(30);
    size.grew(25);
    exact = 80;
    expect(size.admits(30)).toBe(false);
    expect(measures).toBe(2);
    // Refused again and again (a client resending on reconnect): nothing changed, nothing encoded.
    for (let i = 0; i < 5; i++) expect(size.admits(30)).toBe(false);
    expect(measures).toBe(2);
    expect(size.admits(20)).toBe(true);
  });

  const edits: Record<string, (text: Y.Text) => void> = {
    'random typing and deleting': (text) => {
      for (let i = 0; i < 500; i++) {
        text.insert(Math.floor(Math.random() * (text.length + 1)), `word${i} `);
        if (i % 7 === 0 && text.length > 10) text.delete(Math.floor(Math.random() * (text.length - 5)), 3);
      }
    },
    'deleting every other character': (text) => {
      for (let i = 1; i < 5000; i++) text.delete(i, 1);
    },
    'inserting between every two characters': (text) => {
      for (let i = 1; i < 10000; i += 2) text.insert(i, 'y');
    },
    'formatting every other character': (text) => {
      for (let i = 1; i < 5000; i += 2) text.format(i * 2, 1, { bold: true });
    },
  };
  it.each(Object.keys(edits))('is an upper bound of a Yjs document after %s', (name) => {
    const doc = new Y.Doc();
    const text = doc.getText('content');
    text.insert(0, 'x'.repeat(10_000));
    const size = new DocumentSize(Number.MAX_SAFE_INTEGER, () => Y.encodeStateAsUpdate(doc).byteLength);
    size.measuredAs(Y.encodeStateAsUpdate(doc).byteLength);
    doc.on('update', (update: Uint8Array) => size.grew(update.byteLength));
    edits[name]!(text);
    expect(size.bound).toBeGreaterThanOrEqual(Y.encodeStateAsUpdate(doc).byteLength);
  });
});
