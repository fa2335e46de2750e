import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { acknowledged, acknowledgedSnapshot, storedDocumentName, storedDocumentPrefix } from './stored-document';

const reloaded = (doc: Y.Doc) => {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
};

describe('stored documents', () => {
  it('names each copy by user, workspace and item; a user prefix never matches another user', () => {
    expect(storedDocumentName('u1', 'w', 'i')).toBe('tandem-doc:u1:w:i');
    expect(storedDocumentName('u10', 'w', 'i').startsWith(storedDocumentPrefix('u1'))).toBe(false);
  });

  it('tells a copy that holds only acknowledged state from one with later insertions or deletions', () => {
    const doc = new Y.Doc();
    doc.getText('content').insert(0, 'hello world');
    const acked = acknowledgedSnapshot(doc);
    expect(acknowledged(reloaded(doc), acked)).toBe(true);
    // As IndexedDB gives it back.
    expect(acknowledged(reloaded(doc), acked.slice().buffer)).toBe(true);

    const inserted = reloaded(doc);
    inserted.getText('content').insert(0, '!');
    expect(acknowledged(inserted, acked)).toBe(false);

    // A deletion moves no clock: a state vector alone would call this acknowledged.
    const deleted = reloaded(doc);
    deleted.getText('content').delete(0, 1);
    expect(acknowledged(deleted, acked)).toBe(false);
  });

  it('treats a copy never acknowledged as unacknowledged unless it is empty', () => {
    const doc = new Y.Doc();
    expect(acknowledged(doc, undefined)).toBe(true);
    doc.getText('content').insert(0, 'x');
    expect(acknowledged(doc, undefined)).toBe(false);
    expect(acknowledged(doc, new Uint8Array([255, 255]))).toBe(false);
  });
});
