import * as protocol from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import { ago, duration, levelExplanation, levelLabel, listWords, notificationText, prioritiesFor, PRIORITY_LABEL, REVIEW_PRIORITIES, REVIEW_STATUSES, STATUS_LABEL } from './review-labels';

describe('reviewer levels', () => {
  it('follow the server policy: low and medium from 1, high from 2, urgent from 3', () => {
    expect(prioritiesFor(0)).toEqual([]);
    expect(prioritiesFor(1)).toEqual(['low', 'medium']);
    expect(prioritiesFor(2)).toEqual(['low', 'medium', 'high']);
    expect(prioritiesFor(3)).toEqual(['low', 'medium', 'high', 'urgent']);
    expect(prioritiesFor(4)).toEqual(['low', 'medium', 'high', 'urgent']);
  });

  it('are explained in words', () => {
    expect(levelLabel(2)).toBe('Intermediate');
    expect(levelExplanation(0)).toMatch(/not assigned/);
    expect(levelExplanation(2)).toBe('May take low, medium and high priority requests.');
    expect(listWords([])).toBe('none');
    expect(listWords(['a'])).toBe('a');
  });
});

describe('notificationText', () => {
  const base = { actorUsername: 'bob', reviewTitle: 'Fix it', verdict: null } as const;
  it('names the actor, the verdict and the review', () => {
    expect(notificationText({ ...base, kind: 'review_assigned' })).toBe('You were assigned “Fix it”');
    expect(notificationText({ ...base, kind: 'review_verdict', verdict: 'approved' })).toBe('bob approved “Fix it”');
    expect(notificationText({ ...base, kind: 'review_verdict', verdict: 'changes_requested' })).toBe('bob requested changes on “Fix it”');
  });
  it('has words for every kind', () => {
    for (const kind of protocol.NOTIFICATION_KINDS) expect(notificationText({ ...base, kind })).toMatch(/Fix it/);
  });
  it('copes with a deleted actor and no title', () => {
    expect(notificationText({ kind: 'review_withdrawn', actorUsername: null, reviewTitle: null, verdict: null })).toBe('Someone withdrew a review');
  });
});

describe('times', () => {
  const now = Date.parse('2026-12-01T12:00:00Z');
  it('are coarse', () => {
    expect(ago('2026-12-01T11:59:30Z', now)).toBe('just now');
    expect(ago('2026-12-01T11:55:00Z', now)).toBe('5 min ago');
    expect(ago('2026-12-01T09:00:00Z', now)).toBe('3 h ago');
    expect(ago('2026-11-28T12:00:00Z', now)).toBe('3 d ago');
    expect(duration(null)).toBe('—');
    expect(duration(45 * 60_000)).toBe('45 min');
    expect(duration(3 * 3_600_000)).toBe('3 h');
  });
});

describe('the labels', () => {
  it("name every status and priority, in the protocol's order", () => {
    expect([...REVIEW_STATUSES]).toEqual(Object.keys(STATUS_LABEL));
    expect([...REVIEW_PRIORITIES]).toEqual(Object.keys(PRIORITY_LABEL));
  });
});
