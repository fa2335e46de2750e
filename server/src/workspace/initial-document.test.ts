import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { initialDocumentState } from './initial-document';

describe('initialDocumentState', () => {
  it('encodes a document whose content text is the given text', () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, initialDocumentState('print("hi")\n')!);
    expect(doc.getText('content').toString()).toBe('print("hi")\n');
  });
  it('stores no state for an empty file', () => {
    expect(initialDocumentState('')).toBeUndefined();
  });
});
