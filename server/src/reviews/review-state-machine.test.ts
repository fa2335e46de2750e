/**
 * The state machine as a table: every status x every action x every role (author,
 * assigned reviewer, another eligible reviewer, member, stranger), with a reviewer
 * assigned and without (the queue). Each cell is written out by hand: the next status,
 * or `-` for a refusal; a refusal answers exactly the actions allowed in that row.
 */
import { REVIEW_ACTIONS, REVIEW_STATUSES, type ReviewAction, type ReviewStatus } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import { allowedActions, REVIEW_ROLES, transition, type ReviewRole } from './review-state-machine';

type Cell = ReviewStatus | '-';
/** Per status and assignment: per role, the next status of each action in REVIEW_ACTIONS order. */
type Row = Record<ReviewRole, Record<ReviewAction, Cell>>;

const none: Record<ReviewAction, Cell> = { start: '-', request_changes: '-', approve: '-', reject: '-', withdraw: '-', rerequest: '-', claim: '-', hand_back: '-' };
const only = (cells: Partial<Record<ReviewAction, Cell>>) => ({ ...none, ...cells });
const row = (cells: Partial<Row>): Row => ({ author: none, reviewer: none, eligible: none, member: none, stranger: none, ...cells });

const ASSIGNED: Record<ReviewStatus, Row> = {
  pending: row({ author: only({ withdraw: 'withdrawn' }), reviewer: only({ start: 'in_review', hand_back: 'pending' }) }),
  in_review: row({
    author: only({ withdraw: 'withdrawn' }),
    reviewer: only({ request_changes: 'changes_requested', approve: 'approved', reject: 'rejected', hand_back: 'pending' }),
  }),
  changes_requested: row({ author: only({ withdraw: 'withdrawn', rerequest: 'pending' }) }),
  approved: row({}),
  rejected: row({}),
  withdrawn: row({}),
};

// Unassigned: nobody is "the reviewer"; only the queue's claim and the author's withdrawal remain.
const UNASSIGNED: Record<ReviewStatus, Row> = {
  pending: row({ author: only({ withdraw: 'withdrawn' }), eligible: only({ claim: 'pending' }) }),
  in_review: row({ author: only({ withdraw: 'withdrawn' }) }),
  changes_requested: row({ author: only({ withdraw: 'withdrawn' }) }),
  approved: row({}),
  rejected: row({}),
  withdrawn: row({}),
};

const cases = ([true, false] as const).flatMap((assigned) =>
  REVIEW_STATUSES.flatMap((status) =>
    REVIEW_ROLES.filter((role) => assigned || role !== 'reviewer').flatMap((role) =>
      REVIEW_ACTIONS.map((action) => ({ assigned, status, role, action, expected: (assigned ? ASSIGNED : UNASSIGNED)[status][role][action] })),
    ),
  ),
);

describe('the review state machine', () => {
  it('covers every status x action x role, assigned and queued', () => {
    expect(cases.length).toBe(2 * 6 * 8 * 5 - 6 * 8);
  });

  it.each(cases)('$status (assigned: $assigned) x $action by $role → $expected', ({ assigned, status, role, action, expected }) => {
    const state = { status, assigned };
    const got = transition(state, action, role);
    const allowed = REVIEW_ACTIONS.filter((a) => (assigned ? ASSIGNED : UNASSIGNED)[status][role][a] !== '-');
    if (expected === '-') expect(got).toEqual({ ok: false, allowed });
    else expect(got).toMatchObject({ ok: true, to: expected });
    expect(allowedActions(state, role)).toEqual(allowed);
  });

  it('never lets the author give a verdict or anyone but the assigned reviewer give one', () => {
    const verdicts: ReviewAction[] = ['request_changes', 'approve', 'reject'];
    for (const c of cases.filter((c) => verdicts.includes(c.action) && c.expected !== '-')) expect(c.role).toBe('reviewer');
  });

  it('records the event of each transition', () => {
    expect(transition({ status: 'pending', assigned: false }, 'claim', 'eligible')).toEqual({ ok: true, to: 'pending', event: 'claimed' });
    expect(transition({ status: 'changes_requested', assigned: true }, 'rerequest', 'author')).toEqual({ ok: true, to: 'pending', event: 'rerequested' });
    expect(transition({ status: 'in_review', assigned: true }, 'hand_back', 'reviewer')).toEqual({ ok: true, to: 'pending', event: 'handed_back' });
    expect(transition({ status: 'in_review', assigned: true }, 'request_changes', 'reviewer')).toEqual({ ok: true, to: 'changes_requested', event: 'changes_requested' });
  });
});
