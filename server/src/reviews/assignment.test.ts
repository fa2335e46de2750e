/**
 * Automatic assignment: the tie-breaks by hand, then 1,000 simulated requests over 50
 * reviewers of mixed levels (and authors among them), random priorities and random
 * times to verdict (seeded, so every run is the same run). At every assignment: never
 * the author, never a level below the priority's, and, once the load has built up,
 * no eligible reviewer holds more open reviews than the mean of the eligible plus 20%.
 */
import { seededRandom } from '@tandem/anchors/testing';
import { REVIEW_PRIORITIES, type ReviewPriority } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import { pickReviewer, type Candidate } from './assignment';
import { mayReview, minReviewerLevel } from './review-policy';

const candidate = (id: string, level: number, openReviews = 0, lastAssignedAt: number | null = null): Candidate => ({ id, level, openReviews, lastAssignedAt });

describe('pickReviewer', () => {
  it('takes the fewest open reviews, then the least recently assigned (never first), then the smallest id', () => {
    const request = { authorId: 'author', priority: 'low' as const };
    expect(pickReviewer(request, [candidate('a', 1, 2), candidate('b', 1, 1)])?.id).toBe('b');
    expect(pickReviewer(request, [candidate('a', 1, 1, 200), candidate('b', 1, 1, 100)])?.id).toBe('b');
    expect(pickReviewer(request, [candidate('a', 1, 1, 100), candidate('b', 1, 1, null)])?.id).toBe('b');
    expect(pickReviewer(request, [candidate('b', 1, 1, 100), candidate('a', 1, 1, 100)])?.id).toBe('a');
  });

  it('passes over the author, the excluded and levels too low; nobody eligible is null (the queue)', () => {
    const request = { authorId: 'a', priority: 'urgent' as const, exclude: ['b'] };
    expect(pickReviewer(request, [candidate('a', 4), candidate('b', 4), candidate('c', 2), candidate('d', 3, 9)])?.id).toBe('d');
    expect(pickReviewer(request, [candidate('a', 4), candidate('b', 4), candidate('c', 2)])).toBeNull();
  });
});

describe('assignment over 1,000 simulated requests and 50 reviewers', () => {
  it('never assigns the author or a level too low, and keeps every eligible reviewer within 20% of the mean', () => {
    const random = seededRandom(20261201).next;
    const reviewers = Array.from({ length: 50 }, (_, i) => ({ id: `reviewer-${String(i).padStart(2, '0')}`, level: [1, 1, 2, 2, 3, 4][i % 6]!, open: 0, lastAssignedAt: null as number | null }));
    // Authors: the reviewers themselves and 20 people who review nothing.
    const authors = [...reviewers.map((r) => r.id), ...Array.from({ length: 20 }, (_, i) => `author-${i}`)];
    const verdicts: Array<{ at: number; reviewer: (typeof reviewers)[number] }> = [];
    let assigned = 0;
    let checked = 0;

    for (let now = 0; now < 1000; now++) {
      // Verdicts due by now close their reviews.
      for (let i = verdicts.length - 1; i >= 0; i--) {
        if (verdicts[i]!.at <= now) {
          verdicts[i]!.reviewer.open--;
          verdicts.splice(i, 1);
        }
      }
      const priority: ReviewPriority = REVIEW_PRIORITIES[Math.floor(random() * 4)]!;
      const authorId = authors[Math.floor(random() * authors.length)]!;
      const picked = pickReviewer(
        { authorId, priority },
        reviewers.map((r) => ({ id: r.id, level: r.level, openReviews: r.open, lastAssignedAt: r.lastAssignedAt })),
      );
      expect(picked, `request ${now}: someone is eligible`).not.toBeNull();
      const reviewer = reviewers.find((r) => r.id === picked!.id)!;
      expect(reviewer.id).not.toBe(authorId);
      expect(reviewer.level).toBeGreaterThanOrEqual(minReviewerLevel(priority));
      reviewer.open++;
      reviewer.lastAssignedAt = now;
      assigned++;
      verdicts.push({ at: now + 600 + Math.floor(random() * 800), reviewer });

      const eligible = reviewers.filter((r) => r.id !== authorId && mayReview(r.level, priority));
      const mean = eligible.reduce((sum, r) => sum + r.open, 0) / eligible.length;
      // Until each holds a few, one review is already more than 20% of the mean.
      if (mean < 10) continue;
      checked++;
      for (const r of eligible) expect(r.open, `request ${now}, ${r.id} (level ${r.level}), mean ${mean.toFixed(2)}`).toBeLessThanOrEqual(mean * 1.2);
    }
    expect(assigned).toBe(1000);
    expect(checked).toBeGreaterThan(400);
  });
});
