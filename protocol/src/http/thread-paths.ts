/** The operations of comment threads and drafts (server/src/api/thread-routes.ts, draft-routes.ts). Live: `thread` and `thread.deleted` on `/ws`. */
import type { RouteConfig } from '@asteasolutions/zod-to-openapi';
import { badInput, errorResponse, forbiddenBelow, jsonBody, jsonResponse, noContent, notMember, retryAfter, signedInOperation, tooLarge } from './responses';
import {
  applySuggestionBodySchema,
  commentParamsSchema,
  createCommentBodySchema,
  createThreadBodySchema,
  draftEnvelopeSchema,
  draftListSchema,
  draftParamsSchema,
  editCommentBodySchema,
  putDraftBodySchema,
  threadEnvelopeSchema,
  threadListQuerySchema,
  threadListSchema,
  threadParamsSchema,
  threadsParamsSchema,
  updateThreadBodySchema,
} from './threads';

const noThread = errorResponse('No such workspace or thread, or you are not a member (not told apart)', ['workspace_not_found', 'thread_not_found']);
const noComment = errorResponse('No such workspace, thread or comment (not told apart from not being a member)', ['workspace_not_found', 'thread_not_found', 'comment_not_found']);
/** A change to the document (apply-suggestion), or a wait on it, may meet a slow database. */
const unsaved = errorResponse(
  'The database cannot be reached, or the server holds TANDEM_MAX_UNSAVED_BYTES of unsaved changes already; retry after `Retry-After` seconds',
  ['database_unavailable', 'unsaved_limit'],
  retryAfter('Seconds to wait before retrying'),
);
const writers = forbiddenBelow('editor (or the assigned reviewer)');
const badRange = errorResponse(
  'The body is not valid, or the range is not in the file, is empty, or holds more than 20,000 characters',
  ['invalid_json', 'invalid_text', 'validation_failed', 'invalid_range', 'empty_range', 'quote_too_long'],
);
const notAuthorOf = (what: string) =>
  errorResponse(`${what}, or your role is below editor (or the assigned reviewer), or a foreign origin`, ['not_comment_author', 'not_thread_author', 'insufficient_role', 'csrf_origin_mismatch']);

export const threadPaths: RouteConfig[] = [
  signedInOperation('threads', 'get', '/api/workspaces/{id}/threads', "The workspace's threads, each with its state computed from the live document", {
    params: threadsParamsSchema,
    query: threadListQuerySchema,
  }, {
    200: jsonResponse('A page of threads, oldest first', threadListSchema),
    400: errorResponse('A bad filter or cursor', ['validation_failed']),
    404: notMember,
  }),
  signedInOperation('threads', 'post', '/api/workspaces/{id}/threads', 'Start a thread on a range of a file (or on the whole file), with its opening comment', {
    params: threadsParamsSchema,
    body: jsonBody(createThreadBodySchema),
  }, {
    201: jsonResponse('The thread', threadEnvelopeSchema),
    400: badRange,
    403: writers,
    404: errorResponse('No such workspace (or not a member), no such file in it, or no such review you may see', ['workspace_not_found', 'item_not_found', 'review_not_found']),
    409: errorResponse("The client's positions did not reach the server within 2 s, or the workspace holds 10,000 threads", ['range_not_synced', 'thread_limit']),
    413: tooLarge,
  }),
  signedInOperation('threads', 'get', '/api/workspaces/{id}/threads/{threadId}', 'A thread and its comments', { params: threadParamsSchema }, {
    200: jsonResponse('The thread', threadEnvelopeSchema),
    404: noThread,
  }),
  signedInOperation('threads', 'patch', '/api/workspaces/{id}/threads/{threadId}', 'Resolve or reopen a thread (its author, its review\'s reviewer, the owner), or re-attach it (audited)', {
    params: threadParamsSchema,
    body: jsonBody(updateThreadBodySchema),
  }, {
    200: jsonResponse('The thread after the change', threadEnvelopeSchema),
    400: badRange,
    403: notAuthorOf("Resolving: you are not the thread's author, its review's reviewer or the owner"),
    404: errorResponse('No such workspace or thread (not told apart from not being a member), or the file went away meanwhile', ['workspace_not_found', 'thread_not_found', 'item_not_found']),
    409: errorResponse('Re-attach: the positions are not synced, or the quote is nowhere in the file, or the file is gone', ['range_not_synced', 'quote_not_found']),
    413: tooLarge,
  }),
  signedInOperation('threads', 'delete', '/api/workspaces/{id}/threads/{threadId}', 'Delete a thread and its comments (its author or the owner)', { params: threadParamsSchema }, {
    204: noContent,
    403: notAuthorOf("You are neither the thread's author nor the owner"),
    404: noThread,
  }),
  signedInOperation('threads', 'post', '/api/workspaces/{id}/threads/{threadId}/comments', 'Reply to a thread', {
    params: threadParamsSchema,
    body: jsonBody(createCommentBodySchema),
  }, {
    201: jsonResponse('The thread with the reply', threadEnvelopeSchema),
    400: badInput,
    403: writers,
    404: noThread,
    409: errorResponse('The thread holds 500 comments', ['comment_limit']),
    413: tooLarge,
  }),
  signedInOperation('threads', 'patch', '/api/workspaces/{id}/threads/{threadId}/comments/{commentId}', 'Edit your own comment', {
    params: commentParamsSchema,
    body: jsonBody(editCommentBodySchema),
  }, {
    200: jsonResponse('The thread with the comment edited', threadEnvelopeSchema),
    400: badInput,
    403: notAuthorOf('It is not your comment'),
    404: noComment,
    409: errorResponse('The comment was deleted', ['comment_deleted']),
    413: tooLarge,
  }),
  signedInOperation('threads', 'delete', '/api/workspaces/{id}/threads/{threadId}/comments/{commentId}', 'Delete your own comment: it stays in the thread as "deleted"', {
    params: commentParamsSchema,
  }, {
    200: jsonResponse('The thread with the comment shown as deleted', threadEnvelopeSchema),
    403: notAuthorOf('It is not your comment'),
    404: noComment,
  }),
  signedInOperation('threads', 'post', '/api/workspaces/{id}/threads/{threadId}/apply-suggestion', "Apply a comment's suggestion as one edit replacing exactly the range (editors and the owner)", {
    params: threadParamsSchema,
    body: jsonBody(applySuggestionBodySchema),
  }, {
    200: jsonResponse('Applied (or the range already read as the suggestion: recorded, nothing changed): the thread, re-anchored on the new text', threadEnvelopeSchema),
    400: badInput,
    403: forbiddenBelow('editor'),
    404: errorResponse('No such workspace, thread or comment (not told apart from not being a member), or the file went away meanwhile', ['workspace_not_found', 'thread_not_found', 'comment_not_found', 'item_not_found']),
    409: errorResponse(
      'The range no longer reads as quoted (`details` is a SuggestionConflict: quote, current, suggestion; send `force: true` to apply anyway), it is orphaned or file-level (current null), or the comment has no suggestion',
      ['suggestion_conflict', 'no_suggestion', 'comment_deleted'],
    ),
    413: errorResponse("The body exceeds the limit, or the file's document would", ['payload_too_large', 'document_too_large']),
    503: unsaved,
  }),
  signedInOperation('threads', 'get', '/api/workspaces/{id}/drafts', 'Your drafts in this workspace (nobody else sees them)', { params: threadsParamsSchema }, {
    200: jsonResponse('Your drafts', draftListSchema),
    404: notMember,
  }),
  signedInOperation('threads', 'put', '/api/workspaces/{id}/drafts/{key}', 'Save a draft (create or replace)', {
    params: draftParamsSchema,
    body: jsonBody(putDraftBodySchema),
  }, {
    200: jsonResponse('Saved', draftEnvelopeSchema),
    400: badInput,
    403: writers,
    404: notMember,
    409: errorResponse('You hold 200 drafts', ['draft_limit']),
    413: tooLarge,
  }),
  signedInOperation('threads', 'delete', '/api/workspaces/{id}/drafts/{key}', 'Discard a draft (none: no change)', { params: draftParamsSchema }, {
    204: noContent,
    400: errorResponse('A malformed key', ['validation_failed']),
    403: writers,
    404: notMember,
  }),
];
