import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyRemoteUpdates } from './replica-apply';

function editor() {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  return { doc, text: doc.getText('content'), updates };
}

describe('applyRemoteUpdates', () => {
  it("applies another replica's rows and returns one update that brings a client up to date", () => {
    const remote = editor();
    remote.text.insert(0, 'hello');
    remote.text.insert(5, ' world');
    const local = editor();
    const { update, unreadable } = applyRemoteUpdates(local.doc, remote.updates);
    expect(local.text.toString()).toBe('hello world');
    expect(unreadable).toBe(0);
    const client = new Y.Doc();
    Y.applyUpdate(client, update!);
    expect(client.getText('content').toString()).toBe('hello world');
  });

  it('returns nothing when every row was known already (own rows, or re-read after a gap)', () => {
    const remote = editor();
    remote.text.insert(0, 'known');
    const local = editor();
    applyRemoteUpdates(local.doc, remote.updates);
    expect(applyRemoteUpdates(local.doc, [...remote.updates, Y.encodeStateAsUpdate(remote.doc)]).update).toBeNull();
  });

  it('skips an unreadable row and still applies the rest', () => {
    const remote = editor();
    remote.text.insert(0, 'kept');
    const local = editor();
    const result = applyRemoteUpdates(local.doc, [Uint8Array.of(0xff, 0xff, 0xff), ...remote.updates]);
    expect(result.unreadable).toBe(1);
    expect(local.text.toString()).toBe('kept');
  });
});
