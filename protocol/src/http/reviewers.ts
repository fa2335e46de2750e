/**
 * The reviewer directory (GET /api/reviewers): who reviews, at what level, how busy
 * they are and how fast they answer. Authors read it to choose a reviewer by name.
 * What the figures count is defined once, at the query
 * (persistence/src/queries/reviewer-directory.ts).
 */
import { uuidSchema } from './fields';
import { reviewerLevelSchema } from './reviews';
import { z } from './zod';

export const reviewerListQuerySchema = z.object({
  // A string of one digit, not `z.coerce.number()`: that would read `?level=` as 0.
  level: z
    .string()
    .regex(/^[0-4]$/, 'must be 0, 1, 2, 3 or 4')
    .transform(Number)
    .optional()
    .openapi({ description: 'Only users of exactly this level (0-4). Unset: every reviewer (level 1 or more)' }),
  q: z
    .string()
    .max(200)
    .optional()
    .openapi({ description: 'Part of the username, matched literally (`%` and `_` are characters like any other), case-insensitive; empty: everyone' }),
  cursor: z.string().max(200).optional().openapi({ description: '`nextCursor` of the page before' }),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type ReviewerListQuery = z.infer<typeof reviewerListQuerySchema>;

export const reviewerSummarySchema = z
  .object({
    id: uuidSchema,
    username: z.string(),
    level: reviewerLevelSchema,
    openReviews: z.number().int().min(0).openapi({ description: 'Requests assigned to them now that are still open (pending, in review, changes requested)' }),
    completedReviews: z.number().int().min(0).openapi({ description: 'Requests they approved or rejected in the last 90 days' }),
    medianFirstResponseMs: z
      .number()
      .nullable()
      .openapi({ description: 'Median time from an assignment to their first response (start, verdict or hand-back), over responses of the last 90 days; null: none' }),
    medianVerdictMs: z
      .number()
      .nullable()
      .openapi({ description: 'Median time from an assignment to their first verdict after it, over verdicts of the last 90 days; null: none' }),
  })
  .openapi('ReviewerSummary');
export type ReviewerSummary = z.infer<typeof reviewerSummarySchema>;

export const reviewerListSchema = z
  .object({
    reviewers: z.array(reviewerSummarySchema).openapi({ description: 'By username' }),
    nextCursor: z.string().nullable().openapi({ description: 'Pass as `cursor` for the next page; null on the last' }),
  })
  .openapi('ReviewerList');
export type ReviewerList = z.infer<typeof reviewerListSchema>;
