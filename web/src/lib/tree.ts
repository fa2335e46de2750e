/**
 * The file tree as the IDE holds it: a flat list of items (as `GET .../items` answers)
 * kept current by `/ws` `tree` events, and the nested view the sidebar draws. Pure.
 *
 * The server sends one event for the top item of a change: a renamed or moved folder
 * carries its descendants along, a deleted folder takes them with it, so both rewrite
 * every item under the old path here.
 */
import type { TreeChange } from '@tandem/protocol';
import type { Item } from './types';

export interface TreeNode {
  item: Item;
  children: TreeNode[];
}

const isUnder = (path: string, folder: string) => path.startsWith(`${folder}/`);

export function applyTreeChange(items: readonly Item[], change: TreeChange): Item[] {
  const { item } = change;
  switch (change.kind) {
    case 'created':
    case 'updated':
      return [...items.filter((i) => i.id !== item.id), item];
    case 'deleted':
      return items.filter((i) => i.id !== item.id && !isUnder(i.path, item.path));
    case 'renamed':
    case 'moved': {
      const oldPath = change.oldPath ?? items.find((i) => i.id === item.id)?.path ?? item.path;
      return items.map((i) => {
        if (i.id === item.id) return item;
        return isUnder(i.path, oldPath) ? { ...i, path: item.path + i.path.slice(oldPath.length) } : i;
      });
    }
  }
}

/** Folders first, then files, each by name, the way file explorers list them. */
function compareItems(a: Item, b: Item): number {
  if (a.type !== b.type) return a.type === 'folder' ? -1 : 1;
  return a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: 'base' });
}

export function buildTree(items: readonly Item[]): TreeNode[] {
  const nodes = new Map<string, TreeNode>(items.map((item) => [item.id, { item, children: [] }]));
  const roots: TreeNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.item.parentId ? nodes.get(node.item.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const sort = (list: TreeNode[]) => {
    list.sort((a, b) => compareItems(a.item, b.item));
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}

/** Where `item` may be moved: the root (null) and every folder that is not the item itself or inside it. */
export function moveTargets(items: readonly Item[], item: Item): Array<Item | null> {
  const folders = items.filter((i) => i.type === 'folder' && i.id !== item.id && !isUnder(i.path, item.path));
  const targets: Array<Item | null> = folders.filter((f) => f.id !== item.parentId).sort((a, b) => a.path.localeCompare(b.path));
  return item.parentId === null ? targets : [null, ...targets];
}

/** Whether dropping `item` on `folder` (null: the root) is a real move the server would accept. */
export function canMoveInto(item: Item, folder: Item | null): boolean {
  if (folder === null) return item.parentId !== null;
  return folder.type === 'folder' && folder.id !== item.id && folder.id !== item.parentId && !isUnder(folder.path, item.path);
}

const isHidden = (path: string) => path.split('/').some((segment) => segment.startsWith('.'));

/**
 * The file a workspace opens on: the one the address names, else the first file by
 * path that is not hidden (no dotfile, nothing under a dot folder), else none.
 */
export function defaultFile(items: readonly Item[], requestedPath: string | null): Item | undefined {
  const files = items.filter((i) => i.type === 'file');
  return files.find((i) => i.path === requestedPath) ?? files.filter((i) => !isHidden(i.path)).sort((a, b) => a.path.localeCompare(b.path))[0];
}
