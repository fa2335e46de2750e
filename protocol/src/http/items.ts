/**
 * The file tree by item id: files and folders, each with its full path. An item of
 * the listing is the `/ws` tree item (`../tree-events.ts`) with its size and time.
 * Names are checked by the server against the naming rule the execution environment
 * writes files by (`invalid_name`, `invalid_path`), not here: that rule is the executor's.
 */
import { treeItemSchema } from '../tree-events';
import { isoTimeSchema, uuidSchema } from './fields';
import { workspaceParamsSchema } from './workspaces';
import { z } from './zod';

export const itemTypeSchema = treeItemSchema.shape.type;
export type ItemType = z.infer<typeof itemTypeSchema>;

const NAME_RULE =
  '1-255 bytes of UTF-8; not `.` or `..`; no `/`, NUL, control characters (U+0001-U+001F, U+007F), `\\` or lone surrogates; ' +
  'not starting with a drive letter and a colon (`C:`). The rule the execution environment writes files by; anything else is `invalid_name`';

const itemIdSchema = z.string().uuid('must be an item id (UUID)');

export const createItemBodySchema = z.object({
  parentId: itemIdSchema
    .nullable()
    .default(null)
    .openapi({ description: 'A folder of this workspace; null or absent for the top level' }),
  name: z.string().openapi({ description: NAME_RULE }),
  type: itemTypeSchema,
});
export type CreateItemBody = z.input<typeof createItemBodySchema>;

export const updateItemBodySchema = z
  .object({
    name: z.string().optional().openapi({ description: NAME_RULE }),
    parentId: itemIdSchema.nullable().optional().openapi({ description: 'null moves to the top level' }),
  })
  .refine((b) => b.name !== undefined || b.parentId !== undefined, { message: 'Give a new name, a new parentId, or both' })
  .openapi({ minProperties: 1, description: 'A new name, a new parentId, or both' });
export type UpdateItemBody = z.input<typeof updateItemBodySchema>;

export const itemParamsSchema = workspaceParamsSchema.extend({ itemId: uuidSchema.openapi({ description: 'The item' }) });

/** The tree item's fields, as the API writes them (UUIDs), with what the listing adds. */
export const itemSchema = treeItemSchema
  .extend({
    id: uuidSchema.openapi({ description: "A file's id is also its document's id on `/sync/<workspaceId>/<itemId>`" }),
    parentId: uuidSchema.nullable().openapi({ description: 'null at the top level' }),
    name: z.string().openapi({ description: NAME_RULE }),
    path: z.string().openapi({ description: '`/`-joined names without a leading slash; at most 1024 bytes' }),
    size: z.number().int().min(0).optional().openapi({ description: 'Files: bytes of the stored text (it trails live typing by up to a second)' }),
    updatedAt: isoTimeSchema,
  })
  .openapi('Item');
export type Item = z.infer<typeof itemSchema>;

export const itemEnvelopeSchema = z.object({ item: itemSchema });
export type ItemEnvelope = z.infer<typeof itemEnvelopeSchema>;

export const itemListSchema = z.object({ items: z.array(itemSchema) });
export type ItemList = z.infer<typeof itemListSchema>;
