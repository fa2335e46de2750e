// PLACEHOLDER: replaced by its owner.
import type { ServerContext } from '../context';
import type { Router } from '../http/router';

export function registerAuthRoutes(_router: Router, _ctx: ServerContext): void {}
