import { describe, expect, it } from 'vitest';
import { maySee, reviewRoleOf, type ReviewFacts } from './review-roles';

const review: ReviewFacts = { authorId: 'a', reviewerId: 'r', priority: 'high', status: 'pending' };
const queued: ReviewFacts = { ...review, reviewerId: null };
const viewer = (userId: string, reviewerLevel = 0, isMember = false) => ({ userId, reviewerLevel, isMember });

describe('who a user is to a review', () => {
  it('is the author first, then the assigned reviewer, an eligible reviewer, a member, a stranger', () => {
    expect(reviewRoleOf(review, viewer('a', 4, true))).toBe('author');
    expect(reviewRoleOf(review, viewer('r', 0))).toBe('reviewer'); // stepped down: still assigned
    expect(reviewRoleOf(review, viewer('x', 2))).toBe('eligible');
    expect(reviewRoleOf(review, viewer('x', 1, true))).toBe('member'); // high needs level 2
    expect(reviewRoleOf(review, viewer('x', 1))).toBe('stranger');
  });

  it('shows a request to its author, reviewer and members; a queued one also to who may claim it', () => {
    expect(maySee(review, viewer('a'))).toBe(true);
    expect(maySee(review, viewer('r'))).toBe(true);
    expect(maySee(review, viewer('x', 0, true))).toBe(true);
    expect(maySee(review, viewer('x', 4))).toBe(false);
    expect(maySee(queued, viewer('x', 2))).toBe(true);
    expect(maySee(queued, viewer('x', 1))).toBe(false);
    expect(maySee({ ...queued, status: 'withdrawn' }, viewer('x', 4))).toBe(false);
  });
});
