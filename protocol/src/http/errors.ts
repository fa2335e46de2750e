/**
 * The HTTP error body and its stable codes. Every 4xx and 5xx answer is
 * `{error: {code, message, details?}}`: `code` is one of these, for programs;
 * `message` is for people and may change. Grouped by the status they come with.
 */
import { z } from './zod';

export const HTTP_ERROR_CODES = [
  // 400: the request itself
  'validation_failed',
  'invalid_json',
  'invalid_text',
  'invalid_encoding',
  'bad_path',
  'invalid_path',
  'invalid_name',
  'invalid_move',
  'parent_not_folder',
  'invalid_range',
  'empty_range',
  'quote_too_long',
  'unknown_preference',
  'archive_corrupt',
  'archive_unsafe_path',
  'archive_invalid_name',
  'archive_duplicate_path',
  'archive_special_file',
  // 401
  'unauthenticated',
  'invalid_credentials',
  // 403
  'csrf_origin_mismatch',
  'insufficient_role',
  'not_comment_author',
  'not_thread_author',
  'wrong_password',
  // 404: a non-member gets these too, exactly like for what does not exist
  'route_not_found',
  'not_found',
  'workspace_not_found',
  'user_not_found',
  'member_not_found',
  'item_not_found',
  'parent_not_found',
  'file_not_found',
  'token_not_found',
  'review_not_found',
  'reviewer_not_found',
  'snapshot_not_found',
  'notification_not_found',
  'thread_not_found',
  'comment_not_found',
  // 405
  'method_not_allowed',
  // 409
  'username_taken',
  'email_taken',
  'token_limit',
  'workspace_limit',
  'already_member',
  'is_owner',
  'name_taken',
  'item_limit',
  'is_a_folder',
  'not_a_folder',
  'invalid_transition',
  'not_eligible',
  'own_review',
  'range_not_synced',
  'suggestion_conflict',
  'no_suggestion',
  'comment_deleted',
  'quote_not_found',
  'thread_limit',
  'comment_limit',
  'draft_limit',
  // 413
  'payload_too_large',
  'document_too_large',
  'archive_too_large',
  'archive_too_many_entries',
  'archive_file_too_large',
  // 415
  'archive_unsupported_type',
  // 421
  'misdirected_request',
  // 429
  'rate_limited',
  // 500
  'internal',
  // 503: the database, the save queue, the execution environment (its codes, as the executor names them)
  'database_unavailable',
  'unsaved_limit',
  'environment_failed',
  'environment_stopped',
  'sandbox_unavailable',
  'shutting_down',
  'push_failed',
  'pull_failed',
  // Another replica took the environment over mid-request (issue 14): retry.
  'fenced',
  'owned_elsewhere',
  'owner_unavailable',
  'terminal_not_found',
  'terminal_exited',
  // 504
  'command_timeout',
] as const;

export type HttpErrorCode = (typeof HTTP_ERROR_CODES)[number];

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(HTTP_ERROR_CODES).openapi({ description: 'Stable and machine-readable' }),
      message: z.string().openapi({ description: 'For people; may change' }),
      details: z.unknown().optional().openapi({ description: 'Extra data for some codes, e.g. the validation issues' }),
    }),
  })
  .openapi('Error', { description: 'Every 4xx and 5xx answer. `code` is stable and machine-readable; `message` is for people.' });
export type ErrorBody = z.infer<typeof errorBodySchema>;

