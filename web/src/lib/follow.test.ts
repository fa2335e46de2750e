import { describe, expect, it } from 'vitest';
import { followedHead, followKey } from './follow';

const head = (n: number) => ({ type: null, tname: null, item: { client: 1, clock: n }, assoc: 0 });
const entry = (clientId: number, name: string, lastUpdated: number, selection: unknown = { anchor: head(0), head: head(clientId) }) => ({
  clientId,
  lastUpdated,
  state: { user: { name, color: '#fff' }, selection },
});

describe('followedHead', () => {
  it("is the followed person's caret, from their most recently updated tab", () => {
    const entries = [entry(1, 'alice', 10), entry(2, 'bob', 30), entry(3, 'alice', 20)];
    expect(followedHead(entries, 'alice', 99)).toEqual(head(3));
    expect(followedHead(entries, 'bob', 99)).toEqual(head(2));
  });
  it('is null without a cursor, for someone else, or for this very client', () => {
    expect(followedHead([entry(1, 'alice', 1, null)], 'alice', 9)).toBeNull();
    expect(followedHead([entry(1, 'alice', 1, { anchor: head(0) })], 'alice', 9)).toBeNull();
    expect(followedHead([entry(1, 'alice', 1)], 'carol', 9)).toBeNull();
    expect(followedHead([entry(1, 'alice', 1)], 'alice', 1)).toBeNull();
    expect(followedHead([{ clientId: 4, lastUpdated: 1, state: {} }], 'alice', 9)).toBeNull();
  });
});

describe('followKey', () => {
  it('Escape stops and is consumed; typing stops; modifiers keep following', () => {
    expect(followKey({ key: 'Escape' })).toBe('stop-consume');
    expect(followKey({ key: 'a' })).toBe('stop');
    expect(followKey({ key: 'ArrowDown' })).toBe('stop');
    expect(followKey({ key: 'Shift' })).toBe('keep');
    expect(followKey({ key: 'Control' })).toBe('keep');
  });
});
