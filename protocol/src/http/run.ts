/**
 * `POST /api/workspaces/:id/run {command}`: a bash command line run to completion in
 * the workspace's environment, answered with its exit code and output.
 */
import { utf8ByteLength } from '../utf8-length';
import { z } from './zod';

export const MAX_COMMAND_BYTES = 64 * 1024;

export const runBodySchema = z.object({
  command: z
    .string()
    .min(1)
    .refine((c) => utf8ByteLength(c, MAX_COMMAND_BYTES) <= MAX_COMMAND_BYTES, `at most ${MAX_COMMAND_BYTES} bytes`)
    .openapi({ minLength: 1, description: 'A bash command line, at most 64 KiB of UTF-8' }),
});
export type RunBody = z.input<typeof runBodySchema>;

export const runResultSchema = z.object({
  exitCode: z.number().int(),
  output: z.string().openapi({ description: 'stdout and stderr interleaved (long output is truncated)' }),
});
export type RunResult = z.infer<typeof runResultSchema>;
