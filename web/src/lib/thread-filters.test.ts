import type { Thread } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import { threadRows } from './thread-filters';

const t = (id: string, extra: Partial<Thread>) => ({ id, itemId: 'i', path: 'a.py', startLine: 1, state: 'anchored', resolved: false, author: { id: 'u1', username: 'bob' }, comments: [{ body: `says ${id}`, deleted: false }], ...extra }) as Thread;
const threads = [
  t('open', { startLine: 9 }),
  t('done', { resolved: true, startLine: 2 }),
  t('theirs', { author: { id: 'u2', username: 'al' }, path: '0.py' }),
  t('lost', { state: 'orphaned', comments: [{ body: '', deleted: true } as Thread['comments'][number]] }),
];

describe('threadRows', () => {
  it('filters open, resolved, mine and orphaned, in file and line order', () => {
    expect(threadRows(threads, 'all', 'u1').map((r) => r.id)).toEqual(['theirs', 'lost', 'done', 'open']);
    expect(threadRows(threads, 'open', 'u1').map((r) => r.id)).toEqual(['theirs', 'lost', 'open']);
    expect(threadRows(threads, 'resolved', 'u1').map((r) => r.id)).toEqual(['done']);
    expect(threadRows(threads, 'mine', 'u2').map((r) => r.id)).toEqual(['theirs']);
    expect(threadRows(threads, 'orphaned', 'u1').map((r) => r.id)).toEqual(['lost']);
  });
  it("shows a deleted opening comment as 'deleted'", () => {
    expect(threadRows(threads, 'orphaned', 'u1')[0]!.first).toBe('deleted');
  });
});
