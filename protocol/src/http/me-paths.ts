/** The operations of your own account (server/src/api/me-routes.ts). */
import type { RouteConfig } from '@asteasolutions/zod-to-openapi';
import { userEnvelopeSchema } from './auth';
import { changePasswordBodySchema, updateMeBodySchema } from './me';
import { badInput, errorResponse, jsonBody, jsonResponse, noContent, retryAfter, signedInOperation, tooLarge } from './responses';

export const mePaths: RouteConfig[] = [
  signedInOperation(
    'accounts',
    'patch',
    '/api/users/me',
    'Change your email, reviewer level (0-4; every change is recorded) or editor preferences (a partial change, merged over what you have)',
    { body: jsonBody(updateMeBodySchema) },
    {
      200: jsonResponse('You, changed', userEnvelopeSchema),
      400: errorResponse(
        'The body is not JSON, holds a NUL, is not valid, or `preferences` has a key that is not a preference (`details.keys` lists them)',
        ['invalid_json', 'invalid_text', 'validation_failed', 'unknown_preference'],
      ),
      409: errorResponse('Another account has that email', ['email_taken']),
      413: tooLarge,
    },
  ),
  signedInOperation(
    'accounts',
    'post',
    '/api/users/me/password',
    "Change your password, given the current one. Ends every other session of yours (this one stays signed in); API tokens keep working",
    { body: jsonBody(changePasswordBodySchema) },
    {
      204: noContent,
      400: badInput,
      403: errorResponse('The current password is wrong, or a cookie-authenticated change came from a foreign origin', ['wrong_password', 'csrf_origin_mismatch']),
      413: tooLarge,
      429: errorResponse(
        'Too many wrong current passwords for this account: TANDEM_SIGNIN_FAILURES_PER_USERNAME (default 10) in TANDEM_SIGNIN_WINDOW_MS (15 min), counted apart from sign-ins and shared by all replicas',
        ['rate_limited'],
        retryAfter('Seconds until the next attempt is allowed'),
      ),
    },
  ),
];
