/** The operations of the reviewer directory (server/src/api/reviewer-routes.ts). */
import type { RouteConfig } from '@asteasolutions/zod-to-openapi';
import { errorResponse, jsonResponse, signedInOperation } from './responses';
import { reviewerListQuerySchema, reviewerListSchema } from './reviewers';

export const reviewerPaths: RouteConfig[] = [
  signedInOperation('reviews', 'get', '/api/reviewers', 'The reviewer directory: reviewers by username with their level, open and completed reviews and median response times', {
    query: reviewerListQuerySchema,
  }, {
    200: jsonResponse('A page of reviewers', reviewerListSchema),
    400: errorResponse('A bad filter or cursor', ['validation_failed']),
  }),
];
