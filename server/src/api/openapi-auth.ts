/** OpenAPI paths and schemas for accounts and API tokens (see auth-routes.ts, token-routes.ts). */
import { authErrors, badInput, errorResponse, jsonBody, jsonResponse, noContent, ref, signedIn, tooLarge, uuidParam, type ApiArea } from './openapi-common';

const sessionCookie = {
  'Set-Cookie': {
    description: '`tandem_session=...; HttpOnly; SameSite=Lax; Path=/; Max-Age=2592000` (+ `Secure` over HTTPS)',
    schema: { type: 'string' },
  },
};
const foreignOrigin = errorResponse('Sent by a browser from a foreign Origin (login CSRF)', ['csrf_origin_mismatch']);
const rateLimited = {
  ...errorResponse(
    'Too many attempts: failed sign-ins per username (TANDEM_SIGNIN_FAILURES_PER_USERNAME, default 10) or per client address ' +
      '(TANDEM_SIGNIN_FAILURES_PER_ADDRESS, 30) in TANDEM_SIGNIN_WINDOW_MS (15 min); registrations per address ' +
      '(TANDEM_REGISTRATIONS_PER_ADDRESS, 30) in TANDEM_REGISTRATION_WINDOW_MS (1 h). Shared by all replicas',
    ['rate_limited'],
  ),
  headers: { 'Retry-After': { description: 'Seconds until the next attempt is allowed', schema: { type: 'integer' } } },
};

export const authApi: ApiArea = {
  tags: [
    { name: 'accounts', description: 'Register, sign in and out. Sign-in sets the `tandem_session` cookie.' },
    { name: 'tokens', description: 'API tokens for scripts and k6: `Authorization: Bearer tdm_...`, or `?token=` on WebSockets.' },
  ],
  schemas: {
    User: {
      type: 'object',
      required: ['id', 'username', 'email', 'reviewerLevel', 'createdAt'],
      properties: {
        id: { type: 'string', format: 'uuid' },
        username: { type: 'string' },
        email: { type: 'string', format: 'email' },
        reviewerLevel: { type: 'integer', minimum: 0, maximum: 4 },
        createdAt: { type: 'string', format: 'date-time' },
      },
    },
    UserEnvelope: { type: 'object', required: ['user'], properties: { user: ref('User') } },
    RegisterRequest: {
      type: 'object',
      required: ['username', 'email', 'password'],
      properties: {
        username: { type: 'string', pattern: '^[a-z0-9_-]{3,32}$' },
        email: { type: 'string', format: 'email', description: 'Stored in lower case; unique regardless of case' },
        password: { type: 'string', minLength: 10, description: 'At least 10 characters, at most 1024 bytes' },
      },
    },
    LoginRequest: {
      type: 'object',
      required: ['username', 'password'],
      properties: { username: { type: 'string' }, password: { type: 'string' } },
    },
    Token: {
      type: 'object',
      required: ['id', 'name', 'createdAt', 'lastUsedAt'],
      properties: {
        id: { type: 'string', format: 'uuid' },
        name: { type: 'string' },
        createdAt: { type: 'string', format: 'date-time' },
        lastUsedAt: { type: ['string', 'null'], format: 'date-time', description: 'Updated at most once a minute' },
      },
    },
    CreatedToken: {
      type: 'object',
      required: ['id', 'name', 'token', 'createdAt'],
      properties: {
        id: { type: 'string', format: 'uuid' },
        name: { type: 'string' },
        token: { type: 'string', pattern: '^tdm_[A-Za-z0-9_-]{43}$', description: 'Shown this once; only its hash is stored' },
        createdAt: { type: 'string', format: 'date-time' },
      },
    },
  },
  paths: {
    '/api/auth/register': {
      post: {
        tags: ['accounts'],
        summary: 'Create an account and sign in',
        requestBody: jsonBody(ref('RegisterRequest')),
        responses: {
          '201': { ...jsonResponse('Registered and signed in', ref('UserEnvelope')), headers: sessionCookie },
          '400': badInput,
          '403': foreignOrigin,
          '409': errorResponse('The username or the email is taken', ['username_taken', 'email_taken']),
          '413': tooLarge,
          '429': rateLimited,
        },
      },
    },
    '/api/auth/login': {
      post: {
        tags: ['accounts'],
        summary: 'Sign in with username and password',
        requestBody: jsonBody(ref('LoginRequest')),
        responses: {
          '200': { ...jsonResponse('Signed in', ref('UserEnvelope')), headers: sessionCookie },
          '400': badInput,
          '401': errorResponse('Unknown user or wrong password (the same answer for both)', ['invalid_credentials']),
          '403': foreignOrigin,
          '413': tooLarge,
          '429': rateLimited,
        },
      },
    },
    '/api/auth/logout': {
      post: {
        tags: ['accounts'],
        summary: 'Sign out: ends this session and clears the cookie (idempotent)',
        responses: { '204': noContent, '403': authErrors['403'] },
      },
    },
    '/api/auth/me': {
      get: {
        tags: ['accounts'],
        summary: 'The signed-in user',
        security: signedIn,
        responses: { '200': jsonResponse('The user', ref('UserEnvelope')), '401': authErrors['401'] },
      },
    },
    '/api/tokens': {
      get: {
        tags: ['tokens'],
        summary: 'Your API tokens (without their values)',
        security: signedIn,
        responses: {
          '200': jsonResponse('Tokens, oldest first', {
            type: 'object',
            required: ['tokens'],
            properties: { tokens: { type: 'array', items: ref('Token') } },
          }),
          '401': authErrors['401'],
        },
      },
      post: {
        tags: ['tokens'],
        summary: 'Create an API token (its value is shown once)',
        security: signedIn,
        requestBody: jsonBody({
          type: 'object',
          required: ['name'],
          properties: { name: { type: 'string', minLength: 1, maxLength: 100 } },
        }),
        responses: {
          '201': jsonResponse('Created', ref('CreatedToken')),
          '400': badInput,
          ...authErrors,
          '409': errorResponse('You have 100 tokens already', ['token_limit']),
          '413': tooLarge,
        },
      },
    },
    '/api/tokens/{id}': {
      delete: {
        tags: ['tokens'],
        summary: 'Revoke an API token',
        security: signedIn,
        parameters: [uuidParam('id', 'The token id')],
        responses: {
          '204': noContent,
          ...authErrors,
          '404': errorResponse('No such token of yours', ['token_not_found']),
        },
      },
    },
  },
};
