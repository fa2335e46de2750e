/**
 * Authentication and authorisation guards for API handlers.
 *
 * - Every route but register/login/health needs a user (401 `unauthenticated`).
 * - A state-changing request authenticated by the session cookie must come from our
 *   own origin (CSRF): 403 `csrf_origin_mismatch`. Bearer tokens are not sent by
 *   browsers on their own, so they need no such check.
 * - Who may do what in a workspace is the policy's (`auth/policy.ts`): a workspace the
 *   user is not a member of answers 404 `workspace_not_found`, exactly like one that
 *   does not exist, so ids cannot be probed; a role short of the action, 403
 *   `insufficient_role`.
 */
import { httpRefusal, type Action, type Role as PolicyRole } from '../auth/policy';
import type { AuthUser, Role, ServerContext } from '../context';
import { HttpError, forbidden, unauthorized } from '../http/errors';
import type { RequestContext } from '../http/router';
import { parseBearer } from '../auth/api-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const USER_KEY = 'user';

export async function optionalUser(ctx: ServerContext, req: RequestContext): Promise<AuthUser | null> {
  if (req.state.has(USER_KEY)) return req.state.get(USER_KEY) as AuthUser | null;
  const user = await ctx.auth.authenticate({
    cookie: req.headers['cookie'],
    authorization: req.headers['authorization'],
  });
  if (user && user.via === 'session' && !SAFE_METHODS.has(req.method)) {
    if (!ctx.hosts.allowsOrigin(req.headers['origin'])) {
      throw forbidden('Cross-origin request refused: the Origin header does not match this server', 'csrf_origin_mismatch');
    }
  }
  req.state.set(USER_KEY, user);
  return user;
}

export async function requireUser(ctx: ServerContext, req: RequestContext): Promise<AuthUser> {
  const user = await optionalUser(ctx, req);
  if (!user) throw unauthorized();
  return user;
}

/** The user and their role in the workspace, if the policy lets that role take `action`. */
export async function requireRole(
  ctx: ServerContext,
  req: RequestContext,
  workspaceId: string,
  action: Action,
): Promise<{ user: AuthUser; role: Role }> {
  const admitted = isUuid(workspaceId) ? await admitBearer(ctx, req, workspaceId) : null;
  const user = admitted?.user ?? (await requireUser(ctx, req));
  if (!isUuid(workspaceId)) throw new HttpError(404, 'workspace_not_found', 'Workspace not found');
  const role = admitted ? admitted.role : await ctx.access.roleFor(workspaceId, user.id);
  requireAllowed(role, action);
  return { user, role };
}

/** Names no item: the admission's item join finds nothing. */
const NO_ITEM = '00000000-0000-0000-0000-000000000000';

/**
 * A Bearer token's user and role in the workspace in one query (the one a `/sync`
 * upgrade makes), instead of two one after the other: most API calls from scripts are
 * workspace calls. The same answers as `authenticate` then `roleFor`; a token that
 * names nobody leaves the request unauthenticated (401). Null when this does not apply
 * (no Bearer token, or the request was authenticated already).
 */
async function admitBearer(ctx: ServerContext, req: RequestContext, workspaceId: string): Promise<{ user: AuthUser; role: Role | null } | null> {
  if (req.state.has(USER_KEY)) return null;
  const token = parseBearer(req.headers['authorization']);
  if (token === null) return null;
  const admission = await ctx.auth.admitToken(token, workspaceId, NO_ITEM);
  req.state.set(USER_KEY, admission?.user ?? null);
  return admission && { user: admission.user, role: admission.role };
}

/** Throws the policy's refusal (404 for non-members, 403 `insufficient_role`) unless `role` may take `action`. */
export function requireAllowed(role: PolicyRole | null, action: Action): asserts role is PolicyRole {
  const refused = httpRefusal(role, action);
  if (refused) throw new HttpError(refused.status, refused.code, refused.message);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
