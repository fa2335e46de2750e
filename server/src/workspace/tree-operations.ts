/**
 * The I/O edge of the file tree: every structural change (create, create-by-path,
 * move, delete) as one transaction that first locks the workspace's tree, then the
 * events and live-document cleanup once it has committed. Shared by the item and
 * file-by-path routes so both enforce the same limits and emit the same events.
 */
import {
  countItems,
  deleteItemTree,
  findItem,
  findItemsByPaths,
  inTransaction,
  insertItem,
  lockWorkspaceTree,
  longestDescendantPath,
  moveItem,
  touchWorkspace,
  UniqueViolationError,
  type ItemRow,
  type Transaction,
} from '@tandem/persistence';
import type { TreeActor } from '@tandem/protocol';
import type { ServerContext } from '../context';
import { HttpError, badRequest, conflict, notFound } from '../http/errors';
import { initialDocumentState } from './initial-document';
import { ancestorPaths, joinPath, nameProblem, pathProblem } from './names';
import { planMove, toTreeItem } from './tree';

type Tx = Transaction;

/** Runs `work` holding the tree lock; 404 when the workspace is gone; a name clash is 409 `name_taken`. */
async function inTree<T>(ctx: ServerContext, workspaceId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await inTransaction(ctx.db.pool, async (tx) => {
      if (!(await lockWorkspaceTree(tx, workspaceId))) throw new HttpError(404, 'workspace_not_found', 'Workspace not found');
      const result = await work(tx);
      await touchWorkspace(tx, workspaceId);
      return result;
    });
  } catch (err) {
    if (err instanceof UniqueViolationError && err.constraint?.startsWith('workspace_items_')) {
      throw conflict('name_taken', 'An item with that name already exists in that folder');
    }
    throw err;
  }
}

async function ensureRoom(ctx: ServerContext, tx: Tx, workspaceId: string, adding: number): Promise<void> {
  const limit = ctx.config.maxItemsPerWorkspace;
  if ((await countItems(tx, workspaceId)) + adding > limit) {
    throw conflict('item_limit', `A workspace holds at most ${limit} files and folders`);
  }
}

async function folder(tx: Tx, workspaceId: string, id: string | null): Promise<ItemRow | null> {
  if (id === null) return null;
  const parent = await findItem(tx, workspaceId, id);
  if (!parent) throw notFound('Parent folder', 'parent_not_found');
  if (parent.type !== 'folder') throw badRequest('parent_not_folder', 'The parent must be a folder');
  return parent;
}

export function checkName(name: string): void {
  const problem = nameProblem(name);
  if (problem) throw badRequest('invalid_name', problem);
}

/** The whole path by the same rule (names.ts): 400 `invalid_name` for a bad name in it, `invalid_path` for a bad path. */
export function checkPath(path: string): void {
  const problem = pathProblem(path);
  if (problem) throw badRequest(problem.code, problem.message);
}

export async function createItem(
  ctx: ServerContext,
  workspaceId: string,
  input: { parentId: string | null; name: string; type: 'file' | 'folder' },
  by?: TreeActor,
): Promise<ItemRow> {
  checkName(input.name);
  const item = await inTree(ctx, workspaceId, async (tx) => {
    const parent = await folder(tx, workspaceId, input.parentId);
    const path = joinPath(parent?.path ?? null, input.name);
    checkPath(path);
    await ensureRoom(ctx, tx, workspaceId, 1);
    return insertItem(tx, { workspaceId, parentId: parent?.id ?? null, name: input.name, type: input.type, path });
  });
  ctx.events.emit('tree', workspaceId, { kind: 'created', item: toTreeItem(item), ...actor(by) });
  return item;
}

/**
 * Creates the file at `path` with `text`, and any missing folders above it. Returns
 * `existing` instead when the file appeared meanwhile (a concurrent PUT): the caller
 * then writes to it like any existing file. 400 for a path the naming rule refuses,
 * 413 `document_too_large` for text whose document would exceed the size limit.
 */
export async function createFileAtPath(
  ctx: ServerContext,
  workspaceId: string,
  path: string,
  text: string,
  by?: TreeActor,
): Promise<{ created: ItemRow[]; file: ItemRow; existing: boolean }> {
  checkPath(path);
  const yjsState = initialDocumentState(text);
  if (yjsState && yjsState.byteLength > ctx.config.maxDocumentBytes) {
    throw new HttpError(413, 'document_too_large', `A document is at most ${ctx.config.maxDocumentBytes} bytes of Yjs state`);
  }
  const result = await inTree(ctx, workspaceId, async (tx) => {
    const above = ancestorPaths(path);
    const found = new Map((await findItemsByPaths(tx, workspaceId, [...above, path])).map((row) => [row.path, row]));
    const current = found.get(path);
    if (current) return { created: [], file: current, existing: true };
    for (const p of above) {
      if (found.get(p)?.type === 'file') throw conflict('not_a_folder', `"${p}" is a file, so it cannot hold other items`);
    }
    const missing = above.filter((p) => !found.has(p));
    await ensureRoom(ctx, tx, workspaceId, missing.length + 1);
    const created: ItemRow[] = [];
    let parentId: string | null = null;
    for (const p of above) {
      const existing = found.get(p);
      if (existing) {
        parentId = existing.id;
        continue;
      }
      const row: ItemRow = await insertItem(tx, { workspaceId, parentId, name: lastSegment(p), type: 'folder', path: p });
      created.push(row);
      parentId = row.id;
    }
    const file = await insertItem(tx, {
      workspaceId,
      parentId,
      name: lastSegment(path),
      type: 'file',
      path,
      content: text,
      yjsState,
    });
    created.push(file);
    return { created, file, existing: false };
  });
  for (const row of result.created) ctx.events.emit('tree', workspaceId, { kind: 'created', item: toTreeItem(row), ...actor(by) });
  return result;
}

/** Renames and/or moves; `parentId` undefined keeps the parent. */
export async function renameOrMove(
  ctx: ServerContext,
  workspaceId: string,
  itemId: string,
  change: { name?: string; parentId?: string | null },
  by?: TreeActor,
): Promise<ItemRow> {
  if (change.name !== undefined) checkName(change.name);
  const outcome = await inTree(ctx, workspaceId, async (tx) => {
    const item = await findItem(tx, workspaceId, itemId);
    if (!item) throw notFound('Item', 'item_not_found');
    const parentId = change.parentId === undefined ? item.parentId : change.parentId;
    const parent = await folder(tx, workspaceId, parentId);
    const name = change.name ?? item.name;
    const longest = item.type === 'folder' ? await longestDescendantPath(tx, workspaceId, item.path) : 0;
    const plan = planMove(item, parent, name, longest);
    if (!plan.ok) throw badRequest(plan.code, plan.message);
    if (plan.kind === 'unchanged') return { item, kind: plan.kind, oldPath: item.path };
    const moved = await moveItem(tx, { workspaceId, itemId, parentId: parent?.id ?? null, name, oldPath: item.path, newPath: plan.newPath });
    if (!moved) throw notFound('Item', 'item_not_found');
    return { item: moved, kind: plan.kind, oldPath: item.path };
  });
  if (outcome.kind !== 'unchanged') {
    ctx.events.emit('tree', workspaceId, { kind: outcome.kind, item: toTreeItem(outcome.item), oldPath: outcome.oldPath, ...actor(by) });
  }
  return outcome.item;
}

/** Deletes an item (a folder with everything in it) and drops the live documents of its files. */
export async function deleteItem(ctx: ServerContext, workspaceId: string, item: Pick<ItemRow, 'id' | 'path'>, by?: TreeActor): Promise<ItemRow[]> {
  const deleted = await inTree(ctx, workspaceId, (tx) => deleteItemTree(tx, workspaceId, item));
  const top = deleted.find((row) => row.id === item.id);
  if (!top) throw notFound('Item', 'item_not_found');
  for (const row of deleted) if (row.type === 'file') ctx.documents.dropItem(row.id);
  ctx.events.emit('tree', workspaceId, { kind: 'deleted', item: toTreeItem(top), ...actor(by) });
  return [...deleted];
}

/** TREE-5: a person's change names them (id and username only, never more of the account); a command's names no one. */
function actor(by: TreeActor | undefined): { by?: TreeActor } {
  return by ? { by: { id: by.id, username: by.username } } : {};
}

function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
