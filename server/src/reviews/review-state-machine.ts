/**
 * The life of a review request: status x action x the actor's role → the next status
 * and the event to record, or a refusal. Pure; the route locks the request row, asks
 * here, and writes the new status with its event in one transaction.
 *
 * - The assigned reviewer starts (`pending` → `in_review`), gives verdicts from
 *   `in_review` (`request_changes`, `approve`, `reject`) and may hand the request back
 *   while it is `pending` or `in_review` (→ `pending`: re-assigned or queued).
 * - The author withdraws any open request (`pending`, `in_review`, `changes_requested`)
 *   and re-requests after `changes_requested` (→ `pending`, back to the same reviewer).
 * - An eligible reviewer (level high enough, not the author) claims a `pending` request
 *   from the unassigned queue.
 * - Nobody else does anything. The author is never the reviewer (refused at
 *   submission), so nobody approves their own request.
 */
import type { ReviewAction, ReviewEventKind, ReviewStatus } from '@tandem/protocol';
import { REVIEW_ACTIONS } from '@tandem/protocol';

/** Who the actor is to this request; the first that fits, in this order. */
export const REVIEW_ROLES = ['author', 'reviewer', 'eligible', 'member', 'stranger'] as const;
export type ReviewRole = (typeof REVIEW_ROLES)[number];

export const OPEN_STATUSES: readonly ReviewStatus[] = ['pending', 'in_review', 'changes_requested'];

export interface ReviewState {
  status: ReviewStatus;
  /** Whether a reviewer is assigned (false: waiting in the queue). */
  assigned: boolean;
}

interface Rule {
  role: ReviewRole;
  from: readonly ReviewStatus[];
  to: ReviewStatus;
  event: ReviewEventKind;
  /** Whether the request must be assigned (true) or queued (false); unset: either. */
  assigned?: boolean;
}

const RULES: Record<ReviewAction, Rule> = {
  start: { role: 'reviewer', from: ['pending'], to: 'in_review', event: 'started' },
  request_changes: { role: 'reviewer', from: ['in_review'], to: 'changes_requested', event: 'changes_requested' },
  approve: { role: 'reviewer', from: ['in_review'], to: 'approved', event: 'approved' },
  reject: { role: 'reviewer', from: ['in_review'], to: 'rejected', event: 'rejected' },
  hand_back: { role: 'reviewer', from: ['pending', 'in_review'], to: 'pending', event: 'handed_back' },
  withdraw: { role: 'author', from: OPEN_STATUSES, to: 'withdrawn', event: 'withdrawn' },
  rerequest: { role: 'author', from: ['changes_requested'], to: 'pending', event: 'rerequested', assigned: true },
  claim: { role: 'eligible', from: ['pending'], to: 'pending', event: 'claimed', assigned: false },
};

export type Transition =
  | { ok: true; to: ReviewStatus; event: ReviewEventKind }
  | { ok: false; allowed: ReviewAction[] };

export function transition(state: ReviewState, action: ReviewAction, role: ReviewRole): Transition {
  const rule = RULES[action];
  return fits(rule, state, role) ? { ok: true, to: rule.to, event: rule.event } : { ok: false, allowed: allowedActions(state, role) };
}

/** What `role` may do now, in REVIEW_ACTIONS order (the 409 body and the review page's buttons). */
export function allowedActions(state: ReviewState, role: ReviewRole): ReviewAction[] {
  return REVIEW_ACTIONS.filter((action) => fits(RULES[action], state, role));
}

function fits(rule: Rule, state: ReviewState, role: ReviewRole): boolean {
  return (
    rule.role === role &&
    rule.from.includes(state.status) &&
    (rule.assigned === undefined || rule.assigned === state.assigned) &&
    // The reviewer role exists only while someone is assigned.
    (role !== 'reviewer' || state.assigned)
  );
}

export function isOpen(status: ReviewStatus): boolean {
  return OPEN_STATUSES.includes(status);
}
