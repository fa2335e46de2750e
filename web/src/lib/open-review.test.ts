import type { Review } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import { defaultSince } from './changes-since';
import { openReviewOf } from './open-review';

const review = (id: string, status: Review['status'], createdAt: string, workspaceId = 'w1') => ({ id, status, createdAt, workspaceId }) as Review;

describe('openReviewOf', () => {
  it('is the newest open review of the workspace', () => {
    const reviews = [
      review('old', 'pending', '2026-01-01T00:00:00Z'),
      review('done', 'approved', '2026-01-03T00:00:00Z'),
      review('new', 'changes_requested', '2026-01-02T00:00:00Z'),
      review('elsewhere', 'pending', '2026-01-04T00:00:00Z', 'w2'),
    ];
    expect(openReviewOf(reviews, 'w1')?.id).toBe('new');
    expect(openReviewOf([review('done', 'withdrawn', '2026-01-01T00:00:00Z')], 'w1')).toBeNull();
  });
});

describe('defaultSince', () => {
  it('opens on the last verdict once there is one', () => {
    expect(defaultSince({ lastVerdict: null })).toBe('submission');
    expect(defaultSince({ lastVerdict: { eventId: 'e', kind: 'changes_requested', at: '2026-01-01T00:00:00Z' } })).toBe('last-verdict');
  });
});
