import { describe, expect, it } from 'vitest';
import { MIN_REVIEWER_LEVEL, mayReview, prioritiesFor } from './review-policy';

describe('the reviewer level each priority needs', () => {
  it('is low and medium 1, high 2, urgent 3', () => {
    expect(MIN_REVIEWER_LEVEL).toEqual({ low: 1, medium: 1, high: 2, urgent: 3 });
  });

  it('gives level 0 nothing and every level at least what it meets', () => {
    expect([0, 1, 2, 3, 4].map(prioritiesFor)).toEqual([[], ['low', 'medium'], ['low', 'medium', 'high'], ['low', 'medium', 'high', 'urgent'], ['low', 'medium', 'high', 'urgent']]);
    expect(mayReview(2, 'urgent')).toBe(false);
  });
});
