import { describe, expect, it } from 'vitest';
import { commentNotifications, type CommentFacts } from './thread-notifications';

const base: CommentFacts = { kind: 'reply', actorId: 'me', threadAuthorId: 'author', earlierCommenterIds: [], review: null, mentionedIds: [] };

describe('commentNotifications', () => {
  it("a reply: the thread's author and earlier commenters, once each, never the actor", () => {
    expect(commentNotifications({ ...base, earlierCommenterIds: ['author', 'bob', 'me', 'bob', null] })).toEqual([
      { userId: 'author', kind: 'comment_reply' },
      { userId: 'bob', kind: 'comment_reply' },
    ]);
  });

  it('a mention wins over a reply; a mention of oneself is nothing', () => {
    expect(commentNotifications({ ...base, mentionedIds: ['author', 'me', 'carol'] })).toEqual([
      { userId: 'author', kind: 'comment_mention' },
      { userId: 'carol', kind: 'comment_mention' },
    ]);
  });

  it("a new thread on a review: the review's author and reviewer", () => {
    const facts: CommentFacts = { ...base, kind: 'thread', threadAuthorId: 'me', review: { authorId: 'ann', reviewerId: 'rev' } };
    expect(commentNotifications(facts)).toEqual([
      { userId: 'ann', kind: 'review_thread' },
      { userId: 'rev', kind: 'review_thread' },
    ]);
    // The reviewer starting a thread on the review: only the author hears.
    expect(commentNotifications({ ...facts, actorId: 'rev', threadAuthorId: 'rev' })).toEqual([{ userId: 'ann', kind: 'review_thread' }]);
    // A thread outside reviews tells nobody but the mentioned.
    expect(commentNotifications({ ...facts, review: null })).toEqual([]);
  });
});
