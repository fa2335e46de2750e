/**
 * Files by path, for scripts: `GET`, `PUT`, `DELETE /api/workspaces/:id/files/<path>`.
 * The bodies are the file's text (UTF-8); `PUT` answers the item and whether it was
 * created. The path is checked by the server's naming rule, as item names are.
 */
import { itemSchema } from './items';
import { workspaceParamsSchema } from './workspaces';
import { z } from './zod';

export const fileParamsSchema = workspaceParamsSchema.extend({
  path: z
    .string()
    .openapi({ description: 'The file path inside the workspace, e.g. `src/main.py` (percent-encode each name; `/` separates them)' }),
});

/** The whole text, as `GET` answers it and `PUT` takes it. */
export const fileTextSchema = z.string();

export const fileReplacedSchema = z.object({ item: itemSchema, created: z.literal(false) });
export type FileReplaced = z.infer<typeof fileReplacedSchema>;

export const fileCreatedSchema = z.object({ item: itemSchema, created: z.literal(true) });
export type FileCreated = z.infer<typeof fileCreatedSchema>;
