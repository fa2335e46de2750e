import { describe, expect, it } from 'vitest';
import { mayChangeComment, mayDeleteThread, mayResolve } from './thread-rules';

const thread = { authorId: 'author', reviewerId: 'rev' };

describe('thread rules', () => {
  it("resolve: the thread's author, its review's reviewer, the owner; no other editor", () => {
    expect(mayResolve(thread, { userId: 'author', role: 'editor' })).toBe(true);
    expect(mayResolve(thread, { userId: 'rev', role: 'reviewer' })).toBe(true);
    expect(mayResolve(thread, { userId: 'boss', role: 'owner' })).toBe(true);
    expect(mayResolve(thread, { userId: 'other', role: 'editor' })).toBe(false);
    expect(mayResolve({ authorId: 'author', reviewerId: null }, { userId: 'rev', role: 'reviewer' })).toBe(false);
  });

  it('delete a thread: its author or the owner, not the reviewer', () => {
    expect(mayDeleteThread(thread, { userId: 'author', role: 'editor' })).toBe(true);
    expect(mayDeleteThread(thread, { userId: 'boss', role: 'owner' })).toBe(true);
    expect(mayDeleteThread(thread, { userId: 'rev', role: 'reviewer' })).toBe(false);
  });

  it('change a comment: its author only, not even the owner; a comment whose author is gone: nobody', () => {
    expect(mayChangeComment({ authorId: 'a' }, { userId: 'a', role: 'editor' })).toBe(true);
    expect(mayChangeComment({ authorId: 'a' }, { userId: 'boss', role: 'owner' })).toBe(false);
    expect(mayChangeComment({ authorId: null }, { userId: 'boss', role: 'owner' })).toBe(false);
  });
});
