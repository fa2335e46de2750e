/**
 * Workspaces as archives: `GET /api/workspaces/:id/archive?format=zip|tar.gz` downloads
 * one; `POST /api/workspaces/import?name=` creates one from an uploaded .zip or .tar.gz
 * (the raw body), and answers with what it skipped. Limits: docs/workspace-files.md.
 */
import { workspaceNameSchema, workspaceSchema } from './workspaces';
import { z } from './zod';

export const ARCHIVE_FORMATS = ['zip', 'tar.gz'] as const;
export type ArchiveFormat = (typeof ARCHIVE_FORMATS)[number];

export const archiveQuerySchema = z.object({
  format: z.enum(ARCHIVE_FORMATS).default('zip').openapi({ description: 'The archive format (default `zip`)' }),
});

export const importQuerySchema = z.object({
  name: workspaceNameSchema.openapi({ description: 'The new workspace\'s name, 1-100 characters' }),
});

export const IMPORT_SKIP_REASONS = ['symlink', 'hard-link', 'under-link', 'ignored', 'binary'] as const;

export const skippedEntrySchema = z.object({
  path: z.string(),
  reason: z.enum(IMPORT_SKIP_REASONS).openapi({
    description: '`symlink`, `hard-link`: links are never followed; `under-link`: below one; `ignored`: a name the pull-back ignores (node_modules, .git...), listed once at its topmost path; `binary`: not text (a NUL byte or invalid UTF-8)',
  }),
});
export type SkippedEntry = z.infer<typeof skippedEntrySchema>;

/** At most this many skipped entries are listed; `skippedCount` counts them all. */
export const MAX_LISTED_SKIPS = 100;

export const importResultSchema = z.object({
  workspace: workspaceSchema,
  files: z.number().int().openapi({ description: 'Files created' }),
  folders: z.number().int().openapi({ description: 'Folders created (empty ones included)' }),
  skipped: z.array(skippedEntrySchema).openapi({ description: `What was left out, at most ${MAX_LISTED_SKIPS} entries` }),
  skippedCount: z.number().int(),
});
export type ImportResult = z.infer<typeof importResultSchema>;

/** The response header of a download that counts files left out: binary files whose bytes only the environment holds. */
export const LEFT_OUT_HEADER = 'X-Tandem-Left-Out';
