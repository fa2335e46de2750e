/** The operations of accounts and API tokens (server/src/api/auth-routes.ts, token-routes.ts). */
import type { RouteConfig } from '@asteasolutions/zod-to-openapi';
import { loginBodySchema, registerBodySchema, userEnvelopeSchema } from './auth';
import { authErrors, badInput, errorResponse, foreignOrigin, jsonBody, jsonResponse, noContent, retryAfter, SIGNED_IN, tooLarge, unauthenticated } from './responses';
import { createdTokenSchema, createTokenBodySchema, tokenListSchema, tokenParamsSchema } from './tokens';

const sessionCookie = {
  'Set-Cookie': {
    description: '`tandem_session=...; HttpOnly; SameSite=Lax; Path=/; Max-Age=2592000` (+ `Secure` over HTTPS)',
    schema: { type: 'string' as const },
  },
};
const loginCsrf = errorResponse('Sent by a browser from a foreign Origin (login CSRF)', ['csrf_origin_mismatch']);
const rateLimited = errorResponse(
  'Too many attempts: failed sign-ins per username (TANDEM_SIGNIN_FAILURES_PER_USERNAME, default 10) or per client address ' +
    '(TANDEM_SIGNIN_FAILURES_PER_ADDRESS, 30) in TANDEM_SIGNIN_WINDOW_MS (15 min); registrations per address ' +
    '(TANDEM_REGISTRATIONS_PER_ADDRESS, 30) in TANDEM_REGISTRATION_WINDOW_MS (1 h). Shared by all replicas',
  ['rate_limited'],
  retryAfter('Seconds until the next attempt is allowed'),
);

export const accountPaths: RouteConfig[] = [
  {
    method: 'post',
    path: '/api/auth/register',
    tags: ['accounts'],
    summary: 'Create an account and sign in',
    request: { body: jsonBody(registerBodySchema) },
    responses: {
      201: jsonResponse('Registered and signed in', userEnvelopeSchema, sessionCookie),
      400: badInput,
      403: loginCsrf,
      409: errorResponse('The username or the email is taken', ['username_taken', 'email_taken']),
      413: tooLarge,
      429: rateLimited,
    },
  },
  {
    method: 'post',
    path: '/api/auth/login',
    tags: ['accounts'],
    summary: 'Sign in with username and password',
    request: { body: jsonBody(loginBodySchema) },
    responses: {
      200: jsonResponse('Signed in', userEnvelopeSchema, sessionCookie),
      400: badInput,
      401: errorResponse('Unknown user or wrong password (the same answer for both)', ['invalid_credentials']),
      403: loginCsrf,
      413: tooLarge,
      429: rateLimited,
    },
  },
  {
    method: 'post',
    path: '/api/auth/logout',
    tags: ['accounts'],
    summary: 'Sign out: ends this session and clears the cookie (idempotent)',
    responses: { 204: noContent, 403: foreignOrigin },
  },
  {
    method: 'get',
    path: '/api/auth/me',
    tags: ['accounts'],
    summary: 'The signed-in user',
    security: SIGNED_IN,
    responses: { 200: jsonResponse('The user', userEnvelopeSchema), 401: unauthenticated },
  },
  {
    method: 'get',
    path: '/api/tokens',
    tags: ['tokens'],
    summary: 'Your API tokens (without their values)',
    security: SIGNED_IN,
    responses: { 200: jsonResponse('Tokens, oldest first', tokenListSchema), 401: unauthenticated },
  },
  {
    method: 'post',
    path: '/api/tokens',
    tags: ['tokens'],
    summary: 'Create an API token (its value is shown once)',
    security: SIGNED_IN,
    request: { body: jsonBody(createTokenBodySchema) },
    responses: {
      201: jsonResponse('Created', createdTokenSchema),
      400: badInput,
      ...authErrors,
      409: errorResponse('You have 100 tokens already', ['token_limit']),
      413: tooLarge,
    },
  },
  {
    method: 'delete',
    path: '/api/tokens/{id}',
    tags: ['tokens'],
    summary: 'Revoke an API token',
    security: SIGNED_IN,
    request: { params: tokenParamsSchema },
    responses: {
      204: noContent,
      ...authErrors,
      404: errorResponse('No such token of yours', ['token_not_found']),
    },
  },
];
