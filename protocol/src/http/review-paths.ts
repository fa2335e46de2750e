/** The operations of review requests and reviewer levels (server/src/api/review-routes.ts). */
import type { RouteConfig } from '@asteasolutions/zod-to-openapi';
import { badInput, errorResponse, forbiddenBelow, jsonBody, jsonResponse, signedInOperation, tooLarge } from './responses';
import {
  createReviewBodySchema,
  createReviewParamsSchema,
  reviewChangesQuerySchema,
  reviewChangesSchema,
  reviewEnvelopeSchema,
  reviewEventListSchema,
  reviewEventsQuerySchema,
  reviewListQuerySchema,
  reviewListSchema,
  reviewParamsSchema,
  transitionBodySchema,
} from './reviews';

const noReview = errorResponse('No such review, or you may not see it (the two are not told apart)', ['review_not_found']);

export const reviewPaths: RouteConfig[] = [
  signedInOperation('reviews', 'post', '/api/workspaces/{id}/reviews', 'Submit the workspace for review (editors and the owner), to a reviewer by username or assigned automatically', {
    params: createReviewParamsSchema,
    body: jsonBody(createReviewBodySchema),
  }, {
    201: jsonResponse('Submitted; assigned, or waiting in the queue when nobody is eligible', reviewEnvelopeSchema),
    400: badInput,
    403: forbiddenBelow('editor'),
    404: errorResponse('No such workspace (or you are not a member), or no user of that username', ['workspace_not_found', 'reviewer_not_found']),
    409: errorResponse("The reviewer named is you, or their level is below the priority's", ['own_review', 'not_eligible']),
    413: tooLarge,
  }),
  signedInOperation('reviews', 'get', '/api/reviews', 'Your review requests: submitted by you, assigned to you, or the queue you may claim; by priority (urgent first) then age', {
    query: reviewListQuerySchema,
  }, {
    200: jsonResponse('A page of requests', reviewListSchema),
    400: errorResponse('A bad filter or cursor', ['validation_failed']),
  }),
  signedInOperation('reviews', 'get', '/api/reviews/{id}', 'A review request, with the actions you may take', { params: reviewParamsSchema }, {
    200: jsonResponse('The request', reviewEnvelopeSchema),
    404: noReview,
  }),
  signedInOperation('reviews', 'post', '/api/reviews/{id}/transitions', 'Start, give a verdict, withdraw, re-request, claim or hand back; recorded as an event of the audit trail', {
    params: reviewParamsSchema,
    body: jsonBody(transitionBodySchema),
  }, {
    200: jsonResponse('The request after the transition', reviewEnvelopeSchema),
    400: badInput,
    404: noReview,
    409: errorResponse('Not allowed now, for you: `details.allowed` lists what is', ['invalid_transition']),
    413: tooLarge,
  }),
  signedInOperation('reviews', 'get', '/api/reviews/{id}/events', 'The audit trail of a request, oldest first; `verify=1` checks its hash chain', {
    params: reviewParamsSchema,
    query: reviewEventsQuerySchema,
  }, {
    200: jsonResponse('The events', reviewEventListSchema),
    400: errorResponse('A bad `verify`', ['validation_failed']),
    404: noReview,
  }),
  signedInOperation('reviews', 'get', '/api/reviews/{id}/changes', "What changed in the workspace's files since the submission, the last verdict or an event: files added, deleted, renamed and changed, each with a line diff and both texts", {
    params: reviewParamsSchema,
    query: reviewChangesQuerySchema,
  }, {
    200: jsonResponse('The files that differ, by path', reviewChangesSchema),
    400: errorResponse('A `since` that is neither a named point nor an event id', ['validation_failed']),
    404: errorResponse('No such review (or you may not see it), or no snapshot of that event in this review', ['review_not_found', 'snapshot_not_found']),
  }),
];
