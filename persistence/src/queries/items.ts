/**
 * The file tree of a workspace (`workspace_items`). Every item stores its full path
 * (`src/main.py`, no leading slash), kept consistent by moving whole subtrees in one
 * statement. Name clashes surface as UniqueViolationError on `workspace_items_name_key`
 * (same folder) or `workspace_items_path_key`, so concurrent creates are race-safe.
 * Structural changes run inside a transaction holding `lockWorkspaceTree`.
 */
import { sql, type CommonQueryMethods } from 'slonik';
import { z } from 'zod';
import { storableText } from '../storable-text';

export type ItemType = 'file' | 'folder';

const itemRow = z.object({
  id: z.string(),
  workspaceId: z.string(),
  parentId: z.string().nullable(),
  name: z.string(),
  type: z.enum(['file', 'folder']),
  path: z.string(),
  /** Bytes of the stored text (files; it trails live typing by up to a second). */
  size: z.number().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type ItemRow = z.infer<typeof itemRow>;

const columns = sql.fragment`
  id, workspace_id AS "workspaceId", parent_id AS "parentId", name, type, path,
  CASE WHEN type = 'file' THEN octet_length(content) END AS size,
  created_at AS "createdAt", updated_at AS "updatedAt"`;

/** The whole tree, parents before children. */
export async function listItems(db: CommonQueryMethods, workspaceId: string): Promise<readonly ItemRow[]> {
  return db.any(sql.type(itemRow)`
    SELECT ${columns} FROM workspace_items WHERE workspace_id = ${workspaceId} ORDER BY path COLLATE "C"`);
}

export async function findItem(db: CommonQueryMethods, workspaceId: string, itemId: string): Promise<ItemRow | null> {
  return db.maybeOne(sql.type(itemRow)`
    SELECT ${columns} FROM workspace_items WHERE workspace_id = ${workspaceId} AND id = ${itemId}`);
}

export async function findItemByPath(db: CommonQueryMethods, workspaceId: string, path: string): Promise<ItemRow | null> {
  return db.maybeOne(sql.type(itemRow)`
    SELECT ${columns} FROM workspace_items WHERE workspace_id = ${workspaceId} AND path = ${path}`);
}

/** The items at these paths (for resolving the ancestors of a path in one round trip). */
export async function findItemsByPaths(db: CommonQueryMethods, workspaceId: string, paths: readonly string[]): Promise<readonly ItemRow[]> {
  return db.any(sql.type(itemRow)`
    SELECT ${columns} FROM workspace_items
    WHERE workspace_id = ${workspaceId} AND path = ANY(${sql.array(paths, 'text')})`);
}

export async function countItems(db: CommonQueryMethods, workspaceId: string): Promise<number> {
  return db.oneFirst(sql.type(z.object({ n: z.number() }))`
    SELECT count(*)::int AS n FROM workspace_items WHERE workspace_id = ${workspaceId}`);
}

export interface NewItem {
  workspaceId: string;
  parentId: string | null;
  name: string;
  type: ItemType;
  path: string;
  /** Initial text and the encoded Yjs state holding it (files only); the column gets `storableText` of it. */
  content?: string;
  yjsState?: Uint8Array;
}

export async function insertItem(db: CommonQueryMethods, item: NewItem): Promise<ItemRow> {
  const state = item.yjsState ? sql.binary(Buffer.from(item.yjsState.buffer, item.yjsState.byteOffset, item.yjsState.byteLength)) : null;
  return db.one(sql.type(itemRow)`
    INSERT INTO workspace_items (workspace_id, parent_id, name, type, path, content, yjs_state)
    VALUES (${item.workspaceId}, ${item.parentId}, ${item.name}, ${item.type}, ${item.path}, ${storableText(item.content ?? '')}, ${state})
    RETURNING ${columns}`);
}

/** Longest path (bytes) among the item's descendants, 0 without any: a move must keep them under the limit. */
export async function longestDescendantPath(db: CommonQueryMethods, workspaceId: string, path: string): Promise<number> {
  return db.oneFirst(sql.type(z.object({ n: z.number() }))`
    SELECT coalesce(max(octet_length(path)), 0)::int AS n FROM workspace_items
    WHERE workspace_id = ${workspaceId} AND starts_with(path, ${`${path}/`})`);
}

/**
 * Renames and/or moves an item, rewriting its own path and every descendant's in one
 * statement (`starts_with`, not LIKE: names may hold `%` and `_`). Returns the moved item.
 */
export async function moveItem(
  db: CommonQueryMethods,
  input: { workspaceId: string; itemId: string; parentId: string | null; name: string; oldPath: string; newPath: string },
): Promise<ItemRow | null> {
  const { workspaceId, itemId, oldPath, newPath } = input;
  await db.query(sql.unsafe`
    UPDATE workspace_items
    SET path = ${newPath} || substr(path, char_length(${oldPath}) + 1),
        parent_id = CASE WHEN id = ${itemId} THEN ${input.parentId}::uuid ELSE parent_id END,
        name = CASE WHEN id = ${itemId} THEN ${input.name} ELSE name END,
        updated_at = CASE WHEN id = ${itemId} THEN now() ELSE updated_at END
    WHERE workspace_id = ${workspaceId} AND (id = ${itemId} OR starts_with(path, ${`${oldPath}/`}))`);
  return findItem(db, workspaceId, itemId);
}

/** Deletes the item and its whole subtree; returns what was deleted (files' ids drop their live documents). */
export async function deleteItemTree(db: CommonQueryMethods, workspaceId: string, item: { id: string; path: string }): Promise<readonly ItemRow[]> {
  return db.any(sql.type(itemRow)`
    DELETE FROM workspace_items
    WHERE workspace_id = ${workspaceId} AND (id = ${item.id} OR starts_with(path, ${`${item.path}/`}))
    RETURNING ${columns}`);
}

/** Marks a file changed (a path-based write); the content column itself is the document store's. */
export async function touchItem(db: CommonQueryMethods, itemId: string): Promise<void> {
  await db.query(sql.unsafe`UPDATE workspace_items SET updated_at = now() WHERE id = ${itemId}`);
}
