import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Room } from './room';

/** Updates as a client's typing produces them. */
function typed(...parts: string[]): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (const part of parts) doc.getText('content').insert(doc.getText('content').length, part);
  return updates;
}

describe('Room', () => {
  it('keeps staged updates out of the Y.Doc until it is read, then integrates them in one transaction', () => {
    const room = new Room('item', 'ws', 1024 * 1024);
    // The awareness holds the inner Y.Doc: its transactions are the integrations.
    let transactions = 0;
    room.awareness.doc.on('afterTransaction', () => transactions++);
    for (const update of typed('a', 'b', 'c')) room.stage(update, 'client');
    expect(transactions).toBe(0);
    expect(room.text.toString()).toBe('abc');
    expect(transactions).toBe(1);
    expect(room.text.toString()).toBe('abc');
    expect(transactions).toBe(1);
  });

  it('keeps the text as a string until the doc changes: staged updates, any transaction', () => {
    const room = new Room('item', 'ws', 1024 * 1024);
    const [a, b] = typed('hello', ' world');
    room.stage(a!, 'client');
    expect(room.textContent()).toBe('hello');
    room.stage(b!, 'client');
    expect(room.textContent()).toBe('hello world');
    room.doc.transact(() => room.text.insert(0, '> '));
    expect(room.textContent()).toBe('> hello world');
    // A server-side write says what the text became, so nobody walks the items for it.
    room.doc.transact(() => room.text.delete(0, 2));
    room.textIs('hello world');
    expect(room.textContent()).toBe(room.text.toString());
  });

  it('integrates at once when 64 updates are staged, so memory and the pause stay bounded', () => {
    const room = new Room('item', 'ws', 1024 * 1024);
    let transactions = 0;
    room.awareness.doc.on('afterTransaction', () => transactions++);
    const updates = typed(...Array.from({ length: 64 }, (_, i) => `${i % 10}`));
    for (const update of updates.slice(0, 63)) room.stage(update, null);
    expect(transactions).toBe(0);
    room.stage(updates[63]!, null);
    expect(transactions).toBe(1);
  });

  it('counts staged bytes towards the size bound', () => {
    const room = new Room('item', 'ws', 1024 * 1024);
    const [update] = typed('x'.repeat(1000));
    const before = room.size.bound;
    room.stage(update!, null);
    expect(room.size.bound).toBeGreaterThanOrEqual(before + update!.byteLength);
  });

  it('reports a staged update Yjs cannot integrate with its origin, and integrates the others', () => {
    const failures: unknown[] = [];
    const room = new Room('item', 'ws', 1024 * 1024, (_error, origin) => failures.push(origin));
    const [first, second] = typed('ok', '!');
    room.stage(first!, 'a');
    room.stage(Uint8Array.of(1, 2, 3), 'sender');
    room.stage(second!, 'b');
    expect(room.text.toString()).toBe('ok!');
    expect(failures).toEqual(['sender']);
  });

  it('encodes the whole-state reply once for every newcomer until the document changes', () => {
    const room = new Room('item', 'ws', 1024 * 1024);
    const [a, b] = typed('a', 'b');
    room.stage(a!, null);
    let encodings = 0;
    const encode = (doc: Y.Doc) => (encodings++, Y.encodeStateAsUpdate(doc));
    const first = room.wholeStateReply(encode);
    expect(room.wholeStateReply(encode)).toBe(first);
    expect(encodings).toBe(1);
    room.stage(b!, null);
    const after = room.wholeStateReply(encode);
    expect(encodings).toBe(2);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, after);
    expect(doc.getText('content').toString()).toBe('ab');
  });

  it('is idle without connections and holds, and settles once every append has', async () => {
    const room = new Room('item', 'ws', 1024 * 1024);
    expect(room.idle).toBe(true);
    room.holds++;
    expect(room.idle).toBe(false);
    room.holds--;
    room.pendingAppends = 2;
    let settled = false;
    const waiting = room.settled().then(() => (settled = true));
    room.appendSettled();
    await Promise.resolve();
    expect(settled).toBe(false);
    room.appendSettled();
    await waiting;
    expect(settled).toBe(true);
  });

  it('is detached and its timers cleared once destroyed', () => {
    const room = new Room('item', 'ws', 1024 * 1024);
    let fired = false;
    room.unloadTimer = setTimeout(() => (fired = true), 0);
    room.destroy();
    expect(room.detached).toBe(true);
    expect(room.unloadTimer).toBeNull();
    return new Promise<void>((resolve) =>
      setTimeout(() => {
        expect(fired).toBe(false);
        resolve();
      }, 5),
    );
  });
});
