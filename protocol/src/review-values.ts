/**
 * The review vocabulary as plain values (no zod): statuses, priorities, actions, event
 * kinds and the reviewer level each priority needs. http/reviews.ts builds its schemas
 * from these and re-exports them; this file exists so code that only names them (the
 * IDE's labels) stays free of the schema library.
 */
export const REVIEW_PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export type ReviewPriority = (typeof REVIEW_PRIORITIES)[number];

export const REVIEW_STATUSES = ['pending', 'in_review', 'changes_requested', 'approved', 'rejected', 'withdrawn'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const REVIEW_ACTIONS = ['start', 'request_changes', 'approve', 'reject', 'withdraw', 'rerequest', 'claim', 'hand_back'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

export const REVIEW_EVENT_KINDS = [
  'submitted', 'assigned', 'claimed', 'started', 'changes_requested', 'approved', 'rejected', 'withdrawn', 'rerequested', 'handed_back',
] as const;
export type ReviewEventKind = (typeof REVIEW_EVENT_KINDS)[number];

/**
 * The lowest reviewer level that may take each priority: for automatic assignment, a
 * reviewer chosen by name and a claim from the queue (server/src/reviews/review-policy.ts
 * decides with it; the IDE explains levels with it).
 */
export const MIN_REVIEWER_LEVEL: Readonly<Record<ReviewPriority, number>> = { low: 1, medium: 1, high: 2, urgent: 3 };
