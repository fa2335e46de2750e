/**
 * A workspace's settings (`GET, PUT /api/workspaces/:id/settings`): for now the
 * command the IDE's Run button types into the Run terminal, by file extension.
 * `{file}` in a command stands for the file's path, shell-quoted by the IDE
 * (web/src/lib/run-command.ts); a command without it runs as written.
 */
import { z } from './zod';

export const MAX_RUN_COMMANDS = 32;
export const MAX_RUN_COMMAND_LENGTH = 500;
/** Lower-case letters and digits: what `.py` or `.tsx` leave after the dot. */
export const RUN_EXTENSION_PATTERN = /^[a-z0-9]{1,16}$/;

/** What a workspace runs until its owner says otherwise. */
export const DEFAULT_RUN_COMMANDS: Readonly<Record<string, string>> = Object.freeze({
  py: 'python3 {file}',
  js: 'node {file}',
  sh: 'bash {file}',
});

// A command is typed into a terminal: a control character (newline, escape) would be a keystroke.
const CONTROL = /[\u0000-\u001f\u007f]/;

export const runCommandSchema = z
  .string()
  .trim()
  .min(1, 'A run command cannot be empty')
  .max(MAX_RUN_COMMAND_LENGTH, `A run command is at most ${MAX_RUN_COMMAND_LENGTH} characters`)
  .refine((c) => !CONTROL.test(c), 'A run command is one line without control characters');

export const runCommandsSchema = z
  .record(z.string().regex(RUN_EXTENSION_PATTERN, 'An extension is 1-16 lower-case letters or digits, without the dot'), runCommandSchema)
  .refine((m) => Object.keys(m).length <= MAX_RUN_COMMANDS, `At most ${MAX_RUN_COMMANDS} run commands`)
  .openapi({ description: 'Extension (`py`, no dot) → bash command line; `{file}` is the file\'s quoted path', example: { py: 'python3 {file}' } });

export const workspaceSettingsSchema = z.object({ runCommands: runCommandsSchema }).openapi('WorkspaceSettings');
export type WorkspaceSettings = z.infer<typeof workspaceSettingsSchema>;

export const workspaceSettingsBodySchema = workspaceSettingsSchema;
export type WorkspaceSettingsBody = z.input<typeof workspaceSettingsBodySchema>;

export const workspaceSettingsEnvelopeSchema = z.object({
  settings: workspaceSettingsSchema,
  /** Whether `runCommands` are the defaults (the owner never set any). */
  defaults: z.boolean(),
});
export type WorkspaceSettingsEnvelope = z.infer<typeof workspaceSettingsEnvelopeSchema>;
