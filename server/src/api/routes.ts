/** Every HTTP route of the API, registered in one place (the OpenAPI test walks this router). */
import type { ServerContext } from '../context';
import type { Router } from '../http/router';
import { registerAuthRoutes } from './auth-routes';
import { registerFileRoutes } from './file-routes';
import { registerItemRoutes } from './item-routes';
import { registerMeRoutes } from './me-routes';
import { registerMemberRoutes } from './member-routes';
import { registerNotificationRoutes } from './notification-routes';
import { registerOpsRoutes } from './ops-routes';
import { registerReviewRoutes } from './review-routes';
import { registerReviewerRoutes } from './reviewer-routes';
import { registerSettingsRoutes } from './settings-routes';
import { registerThreadRoutes } from './thread-routes';
import { registerTokenRoutes } from './token-routes';
import { registerWorkspaceRoutes } from './workspace-routes';

export function registerApiRoutes(router: Router, ctx: ServerContext): void {
  registerOpsRoutes(router, ctx);
  registerAuthRoutes(router, ctx);
  registerTokenRoutes(router, ctx);
  registerMeRoutes(router, ctx);
  registerWorkspaceRoutes(router, ctx);
  registerSettingsRoutes(router, ctx);
  registerMemberRoutes(router, ctx);
  registerItemRoutes(router, ctx);
  registerFileRoutes(router, ctx);
  registerReviewRoutes(router, ctx);
  registerNotificationRoutes(router, ctx);
  registerReviewerRoutes(router, ctx);
  registerThreadRoutes(router, ctx);
}
