/**
 * The open editor tabs, kept honest about what happens to their files. Pure.
 *
 * A tab holds the last item it knew. When someone else deletes its file (or a folder
 * above it), the tab stays, read-only, saying so ("Deleted by bob": TREE-5's `by`, or
 * plain "Deleted" when a command did it or the socket was down), until it is closed. When
 * someone else renames or moves it, the tab follows and says so for a moment. Your own
 * delete closes the tab, your own rename just retitles it, as in any editor.
 *
 * Tree events say who; a reload of the whole tree after a reconnect does not, so
 * `reconcileTabs` infers the same from the list alone.
 */
import type { TreeActor, TreeChange } from '@tandem/protocol';
import type { Item } from './types';

export type TabNotice =
  | { kind: 'deleted'; by: string | null }
  | { kind: 'renamed' | 'moved'; by: string | null; from: string; to: string };

export interface OpenTab {
  id: string;
  item: Item;
  notice: TabNotice | null;
}

export const isDeleted = (tab: OpenTab) => tab.notice?.kind === 'deleted';

const isUnder = (path: string, folder: string) => path.startsWith(`${folder}/`);
const nameOf = (path: string) => path.slice(path.lastIndexOf('/') + 1);

export function openTab(tabs: readonly OpenTab[], item: Item): OpenTab[] {
  return tabs.some((t) => t.id === item.id) ? [...tabs] : [...tabs, { id: item.id, item, notice: null }];
}

export function closeTab(tabs: readonly OpenTab[], id: string): OpenTab[] {
  return tabs.filter((t) => t.id !== id);
}

/** The tab to show: the wanted one while it is open, else the last opened, else none. */
export function activeTab(tabs: readonly OpenTab[], wanted: string | null): string | null {
  return wanted !== null && tabs.some((t) => t.id === wanted) ? wanted : (tabs[tabs.length - 1]?.id ?? null);
}

/** The tabs after one `/ws` tree change; `selfId` is the signed-in user. */
export function applyTabChange(tabs: readonly OpenTab[], change: TreeChange, selfId: string): OpenTab[] {
  const by: TreeActor | undefined = change.by;
  const mine = by?.id === selfId;
  const who = by?.username ?? null;
  switch (change.kind) {
    case 'deleted': {
      const hit = (t: OpenTab) => t.id === change.item.id || isUnder(t.item.path, change.item.path);
      if (mine) return tabs.filter((t) => !hit(t));
      return tabs.map((t) => (hit(t) && !isDeleted(t) ? { ...t, notice: { kind: 'deleted', by: who } } : t));
    }
    case 'renamed':
    case 'moved': {
      const { item, oldPath } = change;
      return tabs.map((t) => {
        if (isDeleted(t)) return t;
        const moved = t.id === item.id ? item : isUnder(t.item.path, oldPath) ? { ...t.item, path: item.path + t.item.path.slice(oldPath.length) } : null;
        if (!moved) return t;
        const notice: TabNotice | null = mine ? null : { kind: change.kind, by: who, from: t.item.path, to: moved.path };
        return { ...t, item: { ...moved, name: nameOf(moved.path) }, notice };
      });
    }
    case 'created':
    case 'updated':
      return [...tabs];
  }
}

/**
 * The tabs against a freshly listed tree (after a reconnect, events may have been
 * missed): a file gone from it was deleted, one at another path was moved. No names:
 * the list does not say who.
 */
export function reconcileTabs(tabs: readonly OpenTab[], items: readonly Item[]): OpenTab[] {
  const byId = new Map(items.map((i) => [i.id, i]));
  let changed = false;
  const next = tabs.map((t): OpenTab => {
    if (isDeleted(t)) return t;
    const now = byId.get(t.id);
    if (!now) {
      changed = true;
      return { ...t, notice: { kind: 'deleted', by: null } };
    }
    if (now.path === t.item.path && now.name === t.item.name) return t;
    changed = true;
    const kind = nameOf(now.path) !== nameOf(t.item.path) && now.parentId === t.item.parentId ? 'renamed' : 'moved';
    return { ...t, item: now, notice: { kind, by: null, from: t.item.path, to: now.path } };
  });
  return changed ? next : (tabs as OpenTab[]);
}

/** A notice that passes after a moment (a rename or move); a deletion stays until the tab closes. */
export const isPassing = (notice: TabNotice | null) => notice !== null && notice.kind !== 'deleted';

/** The notice as a person reads it. */
export function describeNotice(notice: TabNotice): string {
  const by = notice.by ? ` by ${notice.by}` : '';
  switch (notice.kind) {
    case 'deleted':
      return `Deleted${by}. You can still read it here; closing the tab lets it go.`;
    case 'renamed':
      return `Renamed${by}: ${notice.from} → ${notice.to}`;
    case 'moved':
      return `Moved${by}: ${notice.from} → ${notice.to}`;
  }
}

export const clearNotice = (tabs: readonly OpenTab[], id: string): OpenTab[] =>
  tabs.map((t) => (t.id === id && isPassing(t.notice) ? { ...t, notice: null } : t));
