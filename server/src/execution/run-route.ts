/**
 * `POST /api/workspaces/:id/run {command}` (editor or owner): runs a command in the
 * workspace's environment (starting it if needed) to completion, and answers
 * `{exitCode, output}` once the files it changed are back in the workspace. For
 * "run" buttons and scripts; interactive work goes through terminals on `/ws`.
 */
import { CommandTimeoutError, ExecutorError, type ExecutorService } from '@tandem/executor';
import { MAX_COMMAND_BYTES, runBodySchema, type RunResult } from '@tandem/protocol';
import { requireRole } from '../api/require-user';
import type { ServerContext } from '../context';
import { HttpError } from '../http/errors';
import type { Router } from '../http/router';
import { canonicalId } from '../workspace/names';

export function registerRunRoute(
  router: Router,
  ctx: ServerContext,
  executor: ExecutorService,
  /** Resolves when what the environment changed so far has been applied to the workspace. */
  applied: (workspaceId: string) => Promise<void>,
): void {
  router.post('/api/workspaces/:id/run', async (req) => {
    const workspaceId = canonicalId(req.params.id!);
    await requireRole(ctx, req, workspaceId, 'run');
    const { command } = req.json(runBodySchema);
    try {
      const result = await executor.run(workspaceId, command, { timeoutMs: ctx.config.execution.runTimeoutMs });
      await applied(workspaceId);
      return { json: { exitCode: result.exitCode, output: result.output } satisfies RunResult };
    } catch (err) {
      if (err instanceof CommandTimeoutError) throw new HttpError(504, err.code, err.message);
      if (err instanceof ExecutorError) throw new HttpError(503, err.code, err.message);
      throw err;
    }
  }, { summary: 'Run a command in the workspace environment to completion', bodyLimit: MAX_COMMAND_BYTES + 1024 });
}
