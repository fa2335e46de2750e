/**
 * The OpenAPI 3.1 document served at /api/openapi.json, generated from the zod schemas
 * and operations of `@tandem/protocol` (protocol/src/http/): nothing here describes a
 * shape. A test walks the router and checks that every route is documented with its
 * method, and that every documented operation is routed.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { HTTP_TAGS, registerHttpApi } from '@tandem/protocol';

/** Codes any route can answer with, besides those listed on the operation. */
const COMMON_ERRORS =
  'Any route may also answer 404 `route_not_found`, 405 `method_not_allowed`, 413 `payload_too_large`, ' +
  '400 `bad_path` (bad percent-encoding), 421 `misdirected_request` (a Host header this server is not configured ' +
  'for: TANDEM_PUBLIC_URL, TANDEM_ALLOWED_HOSTS; `/api/health*` and `/metrics` answer any Host) and 500 `internal`; ' +
  'a path outside `/api` that is no page or file of the IDE answers 404 `not_found`. ' +
  'While the database cannot be reached, every route that needs it answers 503 `database_unavailable` with `Retry-After`.';

const INFO = {
  title: 'Tandem API',
  version: '1',
  description:
    'Real-time collaborative coding workspaces. JSON over HTTP; live sync over WebSockets at ' +
    '`/sync/{workspaceId}/{itemId}` (y-websocket protocol) and `/ws/{workspaceId}` (see docs/protocols.md). ' +
    'Sign in for a session cookie, or create an API token and send `Authorization: Bearer tdm_...`. ' +
    "State changes authenticated by the cookie must carry this server's `Origin` (else 403 `csrf_origin_mismatch`). " +
    COMMON_ERRORS,
};

export function buildOpenApiDocument() {
  const registry = new OpenAPIRegistry();
  registerHttpApi(registry);
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({ openapi: '3.1.0', info: INFO, tags: HTTP_TAGS });
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;
