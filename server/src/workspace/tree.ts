/**
 * Tree events' item shape, and the checks a rename or move must pass. Pure.
 */
import type { ItemRow } from '@tandem/persistence';
import type { TreeItem } from '@tandem/protocol';
import { MAX_PATH_BYTES, isSameOrBelow, joinPath } from './names';

/** The event payload: no size or timestamps, they are not the tree's business. */
export function toTreeItem(row: Pick<ItemRow, 'id' | 'parentId' | 'name' | 'type' | 'path'>): TreeItem {
  return { id: row.id, parentId: row.parentId, name: row.name, type: row.type, path: row.path };
}

export type MovePlan =
  | { ok: true; newPath: string; kind: 'renamed' | 'moved' | 'unchanged' }
  | { ok: false; code: 'invalid_move' | 'invalid_path'; message: string };

/**
 * Plans a rename and/or move of `item` to `name` inside `parent` (null = top level).
 * `longestDescendant` is the longest path below the item, in bytes (0 for none).
 */
export function planMove(
  item: { id: string; path: string; parentId: string | null; name: string; type: 'file' | 'folder' },
  parent: { id: string; path: string } | null,
  name: string,
  longestDescendant: number,
): MovePlan {
  if (parent && (parent.id === item.id || isSameOrBelow(parent.path, item.path))) {
    return { ok: false, code: 'invalid_move', message: 'A folder cannot be moved into itself or one of its subfolders' };
  }
  const newPath = joinPath(parent?.path ?? null, name);
  const grows = Buffer.byteLength(newPath) - Buffer.byteLength(item.path);
  const longest = Math.max(Buffer.byteLength(newPath), longestDescendant > 0 ? longestDescendant + grows : 0);
  if (longest > MAX_PATH_BYTES) {
    return { ok: false, code: 'invalid_path', message: `The move would make a path longer than ${MAX_PATH_BYTES} bytes` };
  }
  const moved = (parent?.id ?? null) !== item.parentId;
  if (!moved && name === item.name) return { ok: true, newPath, kind: 'unchanged' };
  return { ok: true, newPath, kind: moved ? 'moved' : 'renamed' };
}
