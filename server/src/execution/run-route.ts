/**
 * `POST /api/workspaces/:id/run {command}` (editor or owner): runs a command in the
 * workspace's environment (starting it if needed) to completion, and answers
 * `{exitCode, output}` once the files it changed are back in the workspace. For
 * "run" buttons and scripts; interactive work goes through terminals on `/ws`.
 * Where another replica owns the environment, the request goes to it (`forward`,
 * replicas/run-forwarding.ts).
 */
import { CommandTimeoutError, ExecutorError, OwnedElsewhereError, type ExecutorService } from '@tandem/executor';
import { MAX_COMMAND_BYTES, runBodySchema, type RunResult } from '@tandem/protocol';
import { requireRole } from '../api/require-user';
import type { ServerContext } from '../context';
import { HttpError } from '../http/errors';
import type { Reply, Router } from '../http/router';
import { canonicalId } from '../workspace/names';

/** Sends a run to the replica at `address`, which owns the environment; its answer as it gave it. */
export type RunForwarder = (address: string, workspaceId: string, user: { id: string; username: string }, command: string) => Promise<Reply>;

/** Runs here, in this replica's environment: the result, or an HttpError with the executor's code. */
export type RunHere = (workspaceId: string, command: string) => Promise<RunResult>;

export function registerRunRoute(
  router: Router,
  ctx: ServerContext,
  executor: ExecutorService,
  /** Resolves when what the environment changed so far has been applied to the workspace. */
  applied: (workspaceId: string) => Promise<void>,
  forward?: RunForwarder,
): RunHere {
  const execute = async (workspaceId: string, command: string): Promise<RunResult> => {
    const result = await executor.run(workspaceId, command, { timeoutMs: ctx.config.execution.runTimeoutMs });
    await applied(workspaceId);
    return { exitCode: result.exitCode, output: result.output };
  };
  const runHere: RunHere = (workspaceId, command) => execute(workspaceId, command).catch((err: unknown) => {
    throw asHttpError(err);
  });

  router.post('/api/workspaces/:id/run', async (req) => {
    const workspaceId = canonicalId(req.params.id!);
    const { user } = await requireRole(ctx, req, workspaceId, 'run');
    const { command } = req.json(runBodySchema);
    try {
      return { json: await execute(workspaceId, command) };
    } catch (err) {
      if (err instanceof OwnedElsewhereError && forward) return forward(err.ownerAddress, workspaceId, { id: user.id, username: user.username }, command);
      throw asHttpError(err);
    }
  }, { summary: 'Run a command in the workspace environment to completion', bodyLimit: MAX_COMMAND_BYTES + 1024 });
  return runHere;
}

function asHttpError(err: unknown): unknown {
  if (err instanceof CommandTimeoutError) return new HttpError(504, err.code, err.message);
  if (err instanceof ExecutorError) return new HttpError(503, err.code, err.message);
  return err;
}
