/**
 * Review requests (part 1): what submitting, listing and transitions accept, the request
 * and its audit events as the API shows them, and the reviewer level a user sets.
 * Statuses, actions and event kinds are named once here; the server's state machine
 * (server/src/reviews/review-state-machine.ts) says which action leads where.
 */
import { isoTimeSchema, uuidSchema } from './fields';
import { workspaceParamsSchema } from './workspaces';
import { z } from './zod';

// Named in a zod-free module so the IDE's pages that only label reviews (the
// notification bell on every page) do not bundle zod; re-exported here, where they belong.
import { MIN_REVIEWER_LEVEL, REVIEW_ACTIONS, REVIEW_EVENT_KINDS, REVIEW_PRIORITIES, REVIEW_STATUSES } from '../review-values';
export { MIN_REVIEWER_LEVEL, REVIEW_ACTIONS, REVIEW_EVENT_KINDS, REVIEW_PRIORITIES, REVIEW_STATUSES } from '../review-values';
export type { ReviewAction, ReviewEventKind, ReviewPriority, ReviewStatus } from '../review-values';

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
  workspaceId: uuidSchema
    .optional()
    .openapi({ description: "Only this workspace's requests (that you may see: with role unset, a member sees all of them)" }),
  cursor: z.string().max(500).optional().openapi({ description: '`nextCursor` of the page before' }),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type ReviewListQuery = z.infer<typeof reviewListQuerySchema>;

const userRefSchema = z.object({ id: uuidSchema, username: z.string() });

export const REVIEW_VERDICT_KINDS = ['changes_requested', 'approved', 'rejected'] as const;
export type ReviewVerdictKind = (typeof REVIEW_VERDICT_KINDS)[number];

export const reviewVerdictSchema = z
  .object({
    eventId: uuidSchema.openapi({ description: "The verdict's event: `since` of GET /api/reviews/{id}/changes" }),
    kind: z.enum(REVIEW_VERDICT_KINDS),
    at: isoTimeSchema,
    stale: z.boolean().optional().openapi({
      description: 'Whether the files changed since (text, or which paths exist). Absent in lists: telling means reading every file',
    }),
  })
  .openapi('ReviewVerdict');
export type ReviewVerdict = z.infer<typeof reviewVerdictSchema>;

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
    lastVerdict: reviewVerdictSchema.nullable().openapi({ description: 'The latest verdict, and what it was given on; null before the first' }),
  })
  .openapi('Review');
export type Review = z.infer<typeof reviewSchema>;

export const reviewEnvelopeSchema = z.object({ review: reviewSchema });
export type ReviewEnvelope = z.infer<typeof reviewEnvelopeSchema>;

/** The dashboard's tab badges: open requests under each role, whatever the other filters (within `workspaceId` when given). */
export const reviewTabCountsSchema = z
  .object({
    author: z.number().int().min(0).openapi({ description: 'Open requests you submitted' }),
    reviewer: z.number().int().min(0).openapi({ description: 'Open requests assigned to you' }),
    queue: z.number().int().min(0).openapi({ description: 'Unassigned requests you may claim' }),
  })
  .openapi('ReviewTabCounts');
export type ReviewTabCounts = z.infer<typeof reviewTabCountsSchema>;

export const reviewListSchema = z.object({
  reviews: z.array(reviewSchema),
  nextCursor: z.string().nullable().openapi({ description: 'Pass as `cursor` for the next page; null on the last' }),
  counts: reviewTabCountsSchema,
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

/** `since` of the changes: a named point, or the id of an event with a snapshot (submitted, re-requested, a verdict). */
export const REVIEW_CHANGES_SINCE = ['submission', 'last-verdict'] as const;
export const reviewChangesQuerySchema = z.object({
  since: z
    .union([z.enum(REVIEW_CHANGES_SINCE), uuidSchema])
    .default('last-verdict')
    .openapi({ description: 'submission; last-verdict (the default: the latest verdict, else the submission); or an event id' }),
});
export type ReviewChangesQuery = z.infer<typeof reviewChangesQuerySchema>;

export const REVIEW_FILE_STATUSES = ['added', 'deleted', 'renamed', 'changed'] as const;
export type ReviewFileStatus = (typeof REVIEW_FILE_STATUSES)[number];

export const diffLineSchema = z.object({
  op: z.enum(['context', 'add', 'del']),
  text: z.string().openapi({ description: 'The line with its line break (`\\n` or `\\r\\n`); the last line of a file without a final newline has none' }),
});

export const diffHunkSchema = z
  .object({
    oldStart: z.number().int().min(0).openapi({ description: '1-based; with oldLines 0, the line before the insertion (0: the start)' }),
    oldLines: z.number().int().min(0),
    newStart: z.number().int().min(0),
    newLines: z.number().int().min(0),
    lines: z.array(diffLineSchema),
  })
  .openapi('DiffHunk');
export type DiffHunk = z.infer<typeof diffHunkSchema>;

export const reviewFileChangeSchema = z
  .object({
    itemId: uuidSchema,
    status: z.enum(REVIEW_FILE_STATUSES).openapi({ description: 'renamed: the same file at a new path (its text may have changed too)' }),
    path: z.string().openapi({ description: 'The path now; for a deleted file, its path then' }),
    oldPath: z.string().nullable().openapi({ description: 'The path then; null for an added file' }),
    oldText: z.string().nullable().openapi({ description: 'The whole text then; null for an added file, or when tooLarge' }),
    newText: z.string().nullable().openapi({ description: 'The whole text now; null for a deleted file, or when tooLarge' }),
    tooLarge: z.boolean().openapi({ description: 'A side is 20,000 lines or more, or over 2 MiB: no texts and no hunks' }),
    hunks: z.array(diffHunkSchema).openapi({ description: 'A line diff with 3 lines of context' }),
  })
  .openapi('ReviewFileChange');
export type ReviewFileChange = z.infer<typeof reviewFileChangeSchema>;

export const reviewChangesSchema = z
  .object({
    since: z.object({ eventId: uuidSchema, kind: z.enum(REVIEW_EVENT_KINDS), at: isoTimeSchema }),
    files: z.array(reviewFileChangeSchema).openapi({ description: 'The files that differ, by path; unchanged files are left out' }),
  })
  .openapi('ReviewChanges');
export type ReviewChanges = z.infer<typeof reviewChangesSchema>;
