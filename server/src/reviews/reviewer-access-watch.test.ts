import type { ReviewRow } from '@tandem/persistence';
import { describe, expect, it } from 'vitest';
import { formerReviewer } from './reviewer-access-watch';

const row = (change: Partial<ReviewRow>): ReviewRow => ({
  id: 'r1',
  workspaceId: 'w1',
  authorId: 'author',
  authorUsername: 'ann',
  reviewerId: 'rev',
  reviewerUsername: 'rita',
  title: 't',
  description: '',
  priority: 'medium',
  status: 'in_review',
  createdAt: 0,
  updatedAt: 0,
  lastAssignedAt: 0,
  ...change,
});

describe('formerReviewer: whose grant a change may end', () => {
  it.each([
    ['a verdict that closes it', row({}), row({ status: 'approved' }), 'rev'],
    ['a withdrawal', row({ status: 'pending' }), row({ status: 'withdrawn' }), 'rev'],
    ['a hand-back to the queue', row({}), row({ status: 'pending', reviewerId: null }), 'rev'],
    ['a hand-back re-assigned to another', row({}), row({ status: 'pending', reviewerId: 'other' }), 'rev'],
    ['changes requested: still open, same reviewer', row({}), row({ status: 'changes_requested' }), null],
    ['a start', row({ status: 'pending' }), row({ status: 'in_review' }), null],
    ['a claim from the queue (nobody held it)', row({ status: 'pending', reviewerId: null }), row({ status: 'pending' }), null],
  ])('%s', (_name, before, after, expected) => {
    expect(formerReviewer({ before, review: after })).toBe(expected);
  });

  it('a new submission ends nobody', () => {
    expect(formerReviewer({ before: null, review: row({ status: 'pending' }) })).toBeNull();
  });
});
