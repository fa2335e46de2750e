/**
 * Small builders for the OpenAPI 3.1 document, shared by the per-area files
 * (`openapi-auth.ts`, `openapi-ops.ts`, `openapi-workspaces.ts`). Plain data in,
 * plain data out: the document is JSON, so these are just typed shorthands.
 */
export type Schema = Record<string, unknown>;
export type Operation = Record<string, unknown>;
export type PathItem = Partial<Record<'get' | 'post' | 'put' | 'patch' | 'delete', Operation>>;
export type Paths = Record<string, PathItem>;

export interface ApiArea {
  paths: Paths;
  schemas?: Record<string, Schema>;
  tags?: Array<{ name: string; description: string }>;
}

export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

export function jsonBody(schema: Schema, description?: string): Record<string, unknown> {
  return { required: true, ...(description ? { description } : {}), content: { 'application/json': { schema } } };
}

export function jsonResponse(description: string, schema: Schema): Record<string, unknown> {
  return { description, content: { 'application/json': { schema } } };
}

/** An error response; `codes` lists the stable `error.code` values it may carry. */
export function errorResponse(description: string, codes: string[]): Record<string, unknown> {
  return {
    description: `${description} (code: ${codes.map((c) => `\`${c}\``).join(', ')})`,
    content: { 'application/json': { schema: ref('Error') } },
  };
}

export const noContent = { description: 'Done; no body' };

/** Responses every authenticated route can give. */
export const authErrors = {
  '401': errorResponse('No or bad credentials', ['unauthenticated']),
  '403': errorResponse('Cookie-authenticated state change from a foreign origin', ['csrf_origin_mismatch']),
};

export const badInput = errorResponse(
  'The body is not JSON, holds a NUL (U+0000) in a string or key (`details.path` says where), or is not valid',
  ['invalid_json', 'invalid_text', 'validation_failed'],
);
export const tooLarge = errorResponse('The body exceeds the limit', ['payload_too_large']);

/** Both ways of authenticating (cookie session or API token). */
export const signedIn = [{ cookieAuth: [] }, { bearerAuth: [] }];

export const uuidParam = (name: string, description: string) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: { type: 'string', format: 'uuid' },
});
