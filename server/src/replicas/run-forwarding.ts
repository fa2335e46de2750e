/**
 * `POST /api/workspaces/:id/run` on a replica that does not own the workspace's
 * environment (issue 14): the request is checked here (the user, the role), then
 * sent to the owner's internal listener, which runs it and answers; the answer goes
 * back to the client as the owner gave it. The owner checks the role again, from its
 * own reading of the database: the forwarding replica vouches only for who the user is.
 */
import { runBodySchema, type RunResult } from '@tandem/protocol';
import type { ServerContext } from '../context';
import { requireAllowed } from '../api/require-user';
import { HttpError } from '../http/errors';
import type { Reply, Router } from '../http/router';
import { canonicalId } from '../workspace/names';
import { INTERNAL_RUN_PATH, SECRET_HEADER, secretMatches, USER_HEADER, linkRequestSchema } from './internal-protocol';

/** The owner's answer to a forwarded run, as it gave it (status and JSON body). */
export async function forwardRun(
  settings: { secret: string },
  address: string,
  workspaceId: string,
  user: { id: string; username: string },
  command: string,
  timeoutMs: number,
): Promise<Reply> {
  let response: Response;
  try {
    response = await fetch(new URL(`${INTERNAL_RUN_PATH}/${workspaceId}`, address), {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SECRET_HEADER]: settings.secret, [USER_HEADER]: JSON.stringify(user) },
      body: JSON.stringify({ command }),
      // The owner's own timeout answers first (504 command_timeout); this only catches an owner gone silent.
      signal: AbortSignal.timeout(timeoutMs + 30_000),
    });
  } catch (err) {
    throw new HttpError(503, 'owner_unavailable', `The replica running this workspace's environment cannot be reached (${(err as Error).message}); try again`);
  }
  return { status: response.status, json: await response.json().catch(() => ({ error: { code: 'owner_unavailable', message: 'The owner replica gave no answer' } })) };
}

/** The owner's end: the internal listener's route, run as if the user had asked here. */
export function registerInternalRun(
  router: Router,
  ctx: ServerContext,
  secret: string,
  run: (workspaceId: string, command: string) => Promise<RunResult>,
): void {
  router.post(`${INTERNAL_RUN_PATH}/:id`, async (req) => {
    if (!secretMatches(req.headers[SECRET_HEADER], secret)) throw new HttpError(401, 'unauthenticated', 'wrong replica secret');
    let user: unknown;
    try {
      user = JSON.parse(req.headers[USER_HEADER] ?? '');
    } catch {
      user = null;
    }
    const parsed = linkRequestSchema.shape.user.safeParse(user);
    if (!parsed.success) throw new HttpError(400, 'validation_failed', `${USER_HEADER} is not a user`);
    const workspaceId = canonicalId(req.params.id!);
    requireAllowed(await ctx.access.roleFor(workspaceId, parsed.data.id.toLowerCase()), 'run');
    const { command } = req.json(runBodySchema);
    return { json: await run(workspaceId, command) };
  });
}
