/**
 * The workspace's execution environment: its state (`env.status`, server → client, on
 * every change and right after `hello`) and the request to start it (`env.start`).
 */
import { z } from 'zod';

export const environmentStateSchema = z.enum(['stopped', 'starting', 'ready', 'failed']);
export type EnvironmentState = z.infer<typeof environmentStateSchema>;

/** Files the workspace holds under names the environment cannot write, left out of it: how many, and the first 20, sorted. */
export const skippedPathsSchema = z.object({ count: z.number().int().nonnegative(), paths: z.array(z.string()) });
export type SkippedPaths = z.infer<typeof skippedPathsSchema>;

export const envStatusMessageSchema = z.object({
  type: z.literal('env.status'),
  status: environmentStateSchema,
  /** Why it failed (with `failed`). */
  reason: z.string().optional(),
  /** With `ready`, when files were left out; sent again when one is renamed or deleted. */
  skipped: skippedPathsSchema.optional(),
});
export type EnvStatusMessage = z.infer<typeof envStatusMessageSchema>;

/** Starts the environment without opening a terminal; answered by the `env.status` broadcasts. Editors only. */
export const envStartSchema = z.object({ type: z.literal('env.start') });
