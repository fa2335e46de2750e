import { createAnchor } from '@tandem/anchors';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { LiveDocument } from '../context';
import { anchorAtQuote, anchorFromRange, QuoteNotFoundError, RangeNotSyncedError } from './anchor-from-range';

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

function live(doc: Y.Doc): LiveDocument {
  return { doc, change: async () => {} };
}

describe('anchorFromRange', () => {
  it("waits for a client's positions to arrive, then anchors on them", async () => {
    const server = new Y.Doc();
    server.getText('content').insert(0, 'old\n');
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    client.getText('content').insert(0, 'typed\n');
    const a = createAnchor(client.getText('content'), 0, 5);
    const pending = anchorFromRange(live(server), { start: b64(a.start), end: b64(a.end) }, 1_000);
    setTimeout(() => Y.applyUpdate(server, Y.encodeStateAsUpdate(client)), 100);
    expect((await pending).quote).toBe('typed');
  });

  it('gives up with RangeNotSyncedError', async () => {
    const client = new Y.Doc();
    client.getText('content').insert(0, 'never sent');
    const a = createAnchor(client.getText('content'), 0, 5);
    await expect(anchorFromRange(live(new Y.Doc()), { start: b64(a.start), end: b64(a.end) }, 100)).rejects.toBeInstanceOf(RangeNotSyncedError);
  });
});

describe('anchorAtQuote', () => {
  it('finds the quote again, nearest the old line, or refuses', () => {
    const doc = new Y.Doc();
    doc.getText('content').insert(0, 'x = 1\nfoo()\ny = 2\nfoo()\n');
    expect(anchorAtQuote(live(doc), { quote: 'foo()\n', prefix: '', suffix: '', startLine: 4 })).toMatchObject({ startLine: 4, quote: 'foo()\n' });
    expect(() => anchorAtQuote(live(doc), { quote: 'something else entirely\n', prefix: '', suffix: '', startLine: 1 })).toThrow(QuoteNotFoundError);
  });
});
