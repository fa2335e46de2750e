/**
 * The OpenAPI 3.1 document served at /api/openapi.json, assembled from one file per
 * area. A test walks the router and checks that every route is documented here with
 * its method, and that every documented operation is routed.
 */
import { authApi } from './openapi-auth';
import { errorResponse, type ApiArea, type Paths, type Schema } from './openapi-common';
import { opsApi } from './openapi-ops';
import { workspacesApi } from './openapi-workspaces';

const AREAS: ApiArea[] = [opsApi, authApi, workspacesApi];

const errorSchema: Schema = {
  type: 'object',
  required: ['error'],
  description: 'Every 4xx and 5xx answer. `code` is stable and machine-readable; `message` is for people.',
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', examples: ['validation_failed', 'unauthenticated', 'workspace_not_found'] },
        message: { type: 'string' },
        details: { description: 'Extra data for some codes, e.g. the validation issues' },
      },
    },
  },
};

/** Codes any route can answer with, besides those listed on the operation. */
const COMMON_ERRORS =
  'Any route may also answer 404 `route_not_found`, 405 `method_not_allowed`, 413 `payload_too_large`, ' +
  '400 `bad_path` (bad percent-encoding), 421 `misdirected_request` (a Host header this server is not configured ' +
  'for: TANDEM_PUBLIC_URL, TANDEM_ALLOWED_HOSTS; `/api/health*` and `/metrics` answer any Host) and 500 `internal`. ' +
  'While the database cannot be reached, every route that needs it answers 503 `database_unavailable` with `Retry-After`.';

/** Every route that reads or writes the database answers this while it cannot be reached (http/errors.ts `toHttpError`). */
export const databaseUnavailable = {
  ...errorResponse('The database cannot be reached right now; retry after `Retry-After` seconds', ['database_unavailable']),
  headers: { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } } },
};

/** The 503 added to every operation outside `operations` that does not document its own (which then lists `database_unavailable` itself). */
function withDatabaseUnavailable(item: Paths[string]): Paths[string] {
  const out: Paths[string] = {};
  for (const [method, operation] of Object.entries(item) as Array<[keyof Paths[string], Record<string, unknown>]>) {
    const responses = operation['responses'] as Record<string, unknown> | undefined;
    const ops = (operation['tags'] as string[] | undefined)?.includes('operations');
    out[method] = ops || !responses || responses['503'] ? operation : { ...operation, responses: { ...responses, '503': databaseUnavailable } };
  }
  return out;
}

export function buildOpenApiDocument(areas: ApiArea[] = AREAS) {
  const paths: Paths = {};
  const schemas: Record<string, Schema> = { Error: errorSchema };
  const tags: Array<{ name: string; description: string }> = [];
  for (const area of areas) {
    for (const [path, item] of Object.entries(area.paths)) paths[path] = { ...paths[path], ...withDatabaseUnavailable(item) };
    Object.assign(schemas, area.schemas);
    tags.push(...(area.tags ?? []));
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tandem API',
      version: '1',
      description:
        'Real-time collaborative coding workspaces. JSON over HTTP; live sync over WebSockets at ' +
        '`/sync/{workspaceId}/{itemId}` (y-websocket protocol) and `/ws/{workspaceId}` (see docs/protocols.md). ' +
        'Sign in for a session cookie, or create an API token and send `Authorization: Bearer tdm_...`. ' +
        'State changes authenticated by the cookie must carry this server\'s `Origin` (else 403 `csrf_origin_mismatch`). ' +
        COMMON_ERRORS,
    },
    tags,
    paths,
    components: {
      schemas,
      securitySchemes: {
        cookieAuth: { type: 'apiKey', in: 'cookie', name: 'tandem_session', description: 'Set by register and login' },
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'tdm_ + base64url(32 bytes)', description: 'An API token from POST /api/tokens' },
        metricsAuth: { type: 'http', scheme: 'bearer', description: 'TANDEM_METRICS_TOKEN, for /metrics and /api/health/detailed when it is set' },
      },
    },
  };
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;
