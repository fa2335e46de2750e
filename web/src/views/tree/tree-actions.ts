/**
 * What the tree asks of the server, each as one call that resolves to a line for the
 * tree's status or throws a line that says what failed. Several items go one at a
 * time, so the first refusal stops the rest and names the item it stopped at.
 */
import { api } from '../../lib/api';
import { describeError } from '../../lib/errors';
import { downloadFile } from '../../lib/file-download';
import type { Item } from '../../lib/types';

export class TreeActionError extends Error {
  override readonly name = 'TreeActionError';
}

const fail = (what: string, err: unknown) => new TreeActionError(`${what}: ${describeError(err)}`);
const count = (n: number) => (n === 1 ? '1 item' : `${n} items`);

export async function createItem(workspaceId: string, parentId: string | null, name: string, type: Item['type']): Promise<Item> {
  try {
    return await api.createItem(workspaceId, parentId, name, type);
  } catch (err) {
    throw fail(`Could not create ${type === 'folder' ? 'the folder' : 'the file'} ${name}`, err);
  }
}

export async function renameItem(workspaceId: string, item: Item, name: string): Promise<string> {
  try {
    await api.updateItem(workspaceId, item.id, { name });
    return `Renamed ${item.name} to ${name}`;
  } catch (err) {
    throw fail(`Could not rename ${item.path} to ${name}`, err);
  }
}

export async function moveItems(workspaceId: string, items: readonly Item[], target: Item | null): Promise<string> {
  const where = target ? target.path : 'the top level';
  let done = 0;
  for (const item of items) {
    if (item.parentId === (target?.id ?? null)) continue;
    try {
      await api.updateItem(workspaceId, item.id, { parentId: target?.id ?? null });
      done++;
    } catch (err) {
      throw fail(`Could not move ${item.path} to ${where}${done ? ` (moved ${count(done)} before it)` : ''}`, err);
    }
  }
  return `Moved ${done === 1 ? items.find((i) => i.parentId !== (target?.id ?? null))!.name : count(done)} to ${where}`;
}

export async function deleteItems(workspaceId: string, items: readonly Item[]): Promise<string> {
  let done = 0;
  for (const item of items) {
    try {
      await api.deleteItem(workspaceId, item.id);
      done++;
    } catch (err) {
      throw fail(`Could not delete ${item.path}${done ? ` (deleted ${count(done)} before it)` : ''}`, err);
    }
  }
  return `Deleted ${items.length === 1 ? items[0]!.path : count(done)}`;
}

export async function copyPath(item: Item): Promise<string> {
  try {
    await navigator.clipboard.writeText(item.path);
    return `Copied ${item.path}`;
  } catch (err) {
    throw fail('Could not copy the path', err);
  }
}

export async function download(workspaceId: string, item: Item): Promise<string> {
  try {
    await downloadFile(workspaceId, item.path);
    return `Downloading ${item.name}`;
  } catch (err) {
    throw fail(`Could not download ${item.path}`, err);
  }
}
