/**
 * Every HTTP operation, registered once: `registerHttpApi` puts them, the schemas they
 * use and the security schemes into an OpenAPI registry, from which the server
 * generates its document (server/src/api/openapi.ts). A test there checks that the
 * router and these operations match, method for method.
 */
import type { OpenAPIRegistry, RouteConfig } from '@asteasolutions/zod-to-openapi';
import { accountPaths } from './account-paths';
import { archivePaths } from './archive-paths';
import { itemPaths } from './item-paths';
import { mePaths } from './me-paths';
import { opsPaths } from './ops-paths';
import { notificationPaths } from './notification-paths';
import { databaseUnavailable } from './responses';
import { reviewPaths } from './review-paths';
import { reviewerPaths } from './reviewer-paths';
import { settingsPaths } from './settings-paths';
import { threadPaths } from './thread-paths';
import { workspacePaths } from './workspace-paths';

export const HTTP_TAGS = [
  {
    name: 'operations',
    description:
      'Health checks, Prometheus metrics, and this API description. No user needed; `/metrics` and `/api/health/detailed` ' +
      'need `Authorization: Bearer <TANDEM_METRICS_TOKEN>` when that is set. `/api/health*` and `/metrics` answer any Host (probes and scrapers reach pods by IP).',
  },
  { name: 'accounts', description: 'Register, sign in and out. Sign-in sets the `tandem_session` cookie.' },
  { name: 'tokens', description: 'API tokens for scripts and k6: `Authorization: Bearer tdm_...`, or `?token=` on WebSockets.' },
  { name: 'workspaces', description: 'Workspaces you own or are a member of. Non-members get 404, as if the workspace did not exist.' },
  { name: 'members', description: 'Who may edit or only read a workspace. Only the owner manages members; a member may leave.' },
  { name: 'items', description: 'The file tree: files and folders, each with its full path (`src/main.py`).' },
  { name: 'files', description: 'File text by path, for scripts. PUT applies a minimal diff to the live document.' },
  { name: 'notifications', description: 'Your inbox: review requests assigned to you, and what happens to the ones you asked for. Live on the `/notifications` WebSocket.' },
  { name: 'threads', description: 'Comment threads on ranges of files, anchored to Yjs relative positions, with suggestions and your private drafts. Live on the `/ws` socket (`thread`, `thread.deleted`).' },
  { name: 'reviews', description: 'Review requests and their audit trail. A request is visible to its author, its reviewer and the members of its workspace (a queued one also to the reviewers who may claim it); to anyone else it does not exist (404).' },
];

export const HTTP_OPERATIONS: readonly RouteConfig[] = [...opsPaths, ...accountPaths, ...mePaths, ...workspacePaths, ...archivePaths, ...settingsPaths, ...itemPaths, ...reviewPaths, ...reviewerPaths, ...notificationPaths, ...threadPaths];

/**
 * Every operation outside `operations` needs the database, so it answers 503
 * `database_unavailable` while that cannot be reached; one that documents its own 503
 * lists that code itself.
 */
function withOutage(route: RouteConfig): RouteConfig {
  if (route.tags?.includes('operations') || route.responses[503]) return route;
  return { ...route, responses: { ...route.responses, 503: databaseUnavailable } };
}

export function registerHttpApi(registry: OpenAPIRegistry): void {
  registry.registerComponent('securitySchemes', 'cookieAuth', { type: 'apiKey', in: 'cookie', name: 'tandem_session', description: 'Set by register and login' });
  registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'tdm_ + base64url(32 bytes)',
    description: 'An API token from POST /api/tokens',
  });
  registry.registerComponent('securitySchemes', 'metricsAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'TANDEM_METRICS_TOKEN, for /metrics and /api/health/detailed when it is set',
  });
  for (const route of HTTP_OPERATIONS) registry.registerPath(withOutage(route));
}
