/**
 * OpenAPI responses and request bodies many operations share, for the `*-paths.ts`
 * files. An error response carries the `Error` body and names, in its description,
 * the codes it may have (typed: only codes of `HTTP_ERROR_CODES`).
 */
import type { ResponseConfig, RouteConfig, ZodRequestBody } from '@asteasolutions/zod-to-openapi';
import type { ZodTypeAny } from 'zod';
import { errorBodySchema, type HttpErrorCode } from './errors';

type Headers = ResponseConfig['headers'];
export type Security = NonNullable<RouteConfig['security']>;

export function errorResponse(description: string, codes: readonly HttpErrorCode[], headers?: Headers): ResponseConfig {
  return {
    description: `${description} (code: ${codes.map((c) => `\`${c}\``).join(', ')})`,
    content: { 'application/json': { schema: errorBodySchema } },
    ...(headers ? { headers } : {}),
  };
}

export const retryAfter = (description: string): Headers => ({ 'Retry-After': { description, schema: { type: 'integer' } } });

export function jsonResponse(description: string, schema: ZodTypeAny, headers?: Headers): ResponseConfig {
  return { description, content: { 'application/json': { schema } }, ...(headers ? { headers } : {}) };
}

export function jsonBody(schema: ZodTypeAny): ZodRequestBody {
  return { required: true, content: { 'application/json': { schema } } };
}

export const noContent: ResponseConfig = { description: 'Done; no body' };

/** Both ways of authenticating: the session cookie or an API token. */
export const SIGNED_IN: Security = [{ cookieAuth: [] }, { bearerAuth: [] }];

export const unauthenticated = errorResponse('No or bad credentials', ['unauthenticated']);
export const foreignOrigin = errorResponse('Cookie-authenticated state change from a foreign origin', ['csrf_origin_mismatch']);
/** Responses every authenticated route can give. */
export const authErrors = { 401: unauthenticated, 403: foreignOrigin };

export const badInput = errorResponse(
  'The body is not JSON, holds a NUL (U+0000) in a string or key (`details.path` says where), or is not valid',
  ['invalid_json', 'invalid_text', 'validation_failed'],
);
export const tooLarge = errorResponse('The body exceeds the limit', ['payload_too_large']);

/** Every route that reads or writes the database answers this while it cannot be reached. */
export const databaseUnavailable = errorResponse(
  'The database cannot be reached right now; retry after `Retry-After` seconds',
  ['database_unavailable'],
  retryAfter('Seconds to wait before retrying'),
);

/** A workspace's routes answer non-members exactly like a workspace that does not exist. */
export const notMember = errorResponse('No such workspace, or you are not a member of it (the two are not told apart)', ['workspace_not_found']);

/** 403 for a role below `needs`; the foreign-origin 403 shares the status. */
export const forbiddenBelow = (needs: string): ResponseConfig =>
  errorResponse(`Your role is below ${needs}, or a cookie-authenticated change came from a foreign origin`, ['insufficient_role', 'csrf_origin_mismatch']);

/** An operation for signed-in users: its tag, both ways of signing in and their errors, then its own responses. */
export function signedInOperation(
  tag: string,
  method: RouteConfig['method'],
  path: string,
  summary: string,
  request: RouteConfig['request'],
  responses: RouteConfig['responses'],
): RouteConfig {
  return { method, path, tags: [tag], summary, security: SIGNED_IN, request, responses: { ...authErrors, ...responses } };
}
