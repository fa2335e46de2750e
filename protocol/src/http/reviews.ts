/**
 * Review requests (part 1): what submitting, listing and transitions accept, the request
 * and its audit events as the API shows them, and the reviewer level a user sets.
 * Statuses, actions and event kinds are named once here; the server's state machine
 * (server/src/reviews/review-state-machine.ts) says which action leads where.
 */
import { isoTimeSchema, uuidSchema } from './fields';
import { workspaceParamsSchema } from './workspaces';
import { z } from './zod';

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

export const reviewPrioritySchema = z.enum(REVIEW_PRIORITIES);
export const reviewStatusSchema = z.enum(REVIEW_STATUSES);
export const reviewActionSchema = z.enum(REVIEW_ACTIONS);

export const reviewerLevelSchema = z
  .number()
  .int()
  .min(0)
  .max(4)
  .openapi({ description: '0: not a reviewer; 1 basic, 2 intermediate, 3 advanced, 4 expert' });

export const createReviewBodySchema = z
  .object({
    title: z.string().trim().min(1).max(200),
    description: z.string().max(20_000).default(''),
    priority: reviewPrioritySchema,
    reviewer: z
      .string()
      .min(1)
      .max(64)
      .nullable()
      .default(null)
      .openapi({ description: "The reviewer's username, or null for automatic assignment (nobody eligible: the request waits in the queue)" }),
  })
  .openapi('CreateReviewRequest');
export type CreateReviewBody = z.input<typeof createReviewBodySchema>;

export const createReviewParamsSchema = workspaceParamsSchema;
export const reviewParamsSchema = z.object({ id: uuidSchema.openapi({ description: 'The review request id' }) });

export const REVIEW_LIST_ROLES = ['author', 'reviewer', 'queue'] as const;
export const reviewListQuerySchema = z.object({
  role: z
    .enum(REVIEW_LIST_ROLES)
    .optional()
    .openapi({ description: 'author: submitted by me; reviewer: assigned to me; queue: unassigned, and I may claim them. Unset: author or reviewer' }),
  status: reviewStatusSchema.optional(),
  priority: reviewPrioritySchema.optional(),
  q: z.string().max(200).optional().openapi({ description: 'Part of the title (case-insensitive)' }),
  cursor: z.string().max(500).optional().openapi({ description: '`nextCursor` of the page before' }),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type ReviewListQuery = z.infer<typeof reviewListQuerySchema>;

const userRefSchema = z.object({ id: uuidSchema, username: z.string() });

export const reviewSchema = z
  .object({
    id: uuidSchema,
    workspaceId: uuidSchema,
    title: z.string(),
    description: z.string(),
    priority: reviewPrioritySchema,
    status: reviewStatusSchema,
    author: userRefSchema,
    reviewer: userRefSchema.nullable().openapi({ description: 'Null: waiting unassigned in the queue' }),
    minReviewerLevel: z.number().int().openapi({ description: 'The lowest reviewer level that may take this priority' }),
    allowedActions: z.array(reviewActionSchema).openapi({ description: 'What you may do now' }),
    createdAt: isoTimeSchema,
    updatedAt: isoTimeSchema,
    lastAssignedAt: isoTimeSchema.nullable(),
  })
  .openapi('Review');
export type Review = z.infer<typeof reviewSchema>;

export const reviewEnvelopeSchema = z.object({ review: reviewSchema });
export type ReviewEnvelope = z.infer<typeof reviewEnvelopeSchema>;

export const reviewListSchema = z.object({
  reviews: z.array(reviewSchema),
  nextCursor: z.string().nullable().openapi({ description: 'Pass as `cursor` for the next page; null on the last' }),
});
export type ReviewList = z.infer<typeof reviewListSchema>;

export const transitionBodySchema = z
  .object({ action: reviewActionSchema, note: z.string().max(10_000).default('') })
  .openapi('ReviewTransitionRequest');
export type TransitionBody = z.input<typeof transitionBodySchema>;

export const reviewEventSchema = z
  .object({
    id: uuidSchema,
    seq: z.number().int().min(1),
    actor: userRefSchema,
    kind: z.enum(REVIEW_EVENT_KINDS),
    from: z.union([reviewStatusSchema, z.null()]).openapi({ description: 'Null for the submission' }),
    to: reviewStatusSchema,
    note: z.string(),
    createdAt: isoTimeSchema,
    prevHash: z.string().nullable().openapi({ description: "The previous event's hash; null for the first" }),
    hash: z.string().openapi({ description: 'sha-256 (hex) over prevHash, review id, seq, actor, kind, from, to, note, createdAt' }),
  })
  .openapi('ReviewEvent');
export type ReviewEvent = z.infer<typeof reviewEventSchema>;

export const reviewEventsQuerySchema = z.object({
  verify: z.enum(['0', '1']).optional().openapi({ description: '1: recompute the hash chain and say whether it is intact' }),
});

export const reviewEventListSchema = z.object({
  events: z.array(reviewEventSchema),
  verified: z.boolean().nullable().openapi({ description: 'With `verify=1`: whether the chain is intact; else null' }),
  brokenAtSeq: z.number().int().nullable().openapi({ description: 'The first event that does not fit the chain, when `verified` is false' }),
});
export type ReviewEventList = z.infer<typeof reviewEventListSchema>;

export const updateMeBodySchema = z.object({ reviewerLevel: reviewerLevelSchema }).openapi('UpdateMeRequest');
export type UpdateMeBody = z.input<typeof updateMeBodySchema>;
