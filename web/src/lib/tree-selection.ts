/**
 * Which rows of the file tree are selected, and what a multi-item delete or move acts
 * on. Pure. Selection follows the explorer's rules: a plain click or move selects one
 * row; Ctrl/Cmd+click toggles one; Shift+click or Shift+arrow selects the range from
 * the anchor (the last row clicked or toggled) to the row reached.
 */
import type { Item } from './types';

export interface Selection {
  /** Selected item ids, in the order they were selected. */
  ids: readonly string[];
  anchor: string | null;
}

export const emptySelection: Selection = { ids: [], anchor: null };

export const selectOne = (id: string): Selection => ({ ids: [id], anchor: id });

export function toggleOne(selection: Selection, id: string): Selection {
  const ids = selection.ids.includes(id) ? selection.ids.filter((x) => x !== id) : [...selection.ids, id];
  return { ids, anchor: id };
}

/** The rows from the anchor to `id` in `order` (the visible rows' ids); the anchor stays. */
export function selectRange(selection: Selection, order: readonly string[], id: string): Selection {
  const anchor = selection.anchor !== null && order.includes(selection.anchor) ? selection.anchor : id;
  const a = order.indexOf(anchor);
  const b = order.indexOf(id);
  if (b < 0) return selection;
  const [from, to] = a <= b ? [a, b] : [b, a];
  return { ids: order.slice(from, to + 1), anchor };
}

/** Drops ids no longer in the tree (deleted, by anyone). */
export function pruneSelection(selection: Selection, exists: (id: string) => boolean): Selection {
  const ids = selection.ids.filter(exists);
  const anchor = selection.anchor !== null && exists(selection.anchor) ? selection.anchor : null;
  return ids.length === selection.ids.length && anchor === selection.anchor ? selection : { ids, anchor };
}

/**
 * What an action on the selection acts on: the focused row alone when it is not
 * selected (a key on an unselected row means that row), else every selected row.
 */
export function actionTargets(selection: Selection, focusId: string | null): string[] {
  if (focusId !== null && !selection.ids.includes(focusId)) return [focusId];
  return [...selection.ids];
}

const isUnder = (path: string, folder: string) => path.startsWith(`${folder}/`);

/**
 * The items among `ids` that are not inside another of them: deleting or moving a
 * folder takes its contents along, so acting on those too would act twice. In path order.
 */
export function topLevel(items: readonly Item[], ids: readonly string[]): Item[] {
  const chosen = items.filter((i) => ids.includes(i.id));
  return chosen.filter((i) => !chosen.some((other) => other.type === 'folder' && isUnder(i.path, other.path))).sort((a, b) => a.path.localeCompare(b.path));
}

export interface MoveRefusal {
  code: 'same-place' | 'nothing' | 'into-itself' | 'name-taken' | 'not-a-folder';
  message: string;
}

/** A refusal that is no move at all (dropping where it already is): nothing to warn about. */
export const isNoMove = (refusal: MoveRefusal) => refusal.code === 'same-place' || refusal.code === 'nothing';

/**
 * Why moving `moving` into `target` (null: the top level) cannot be done, or null when it
 * can. `same-place` and `nothing` are no moves at all; the others the server would refuse
 * (400 `invalid_move`, 409 `name_taken`, 400 `parent_not_folder`), so the tree says so first.
 */
export function moveRefusal(items: readonly Item[], moving: readonly Item[], target: Item | null): MoveRefusal | null {
  if (moving.length === 0) return { code: 'nothing', message: 'Nothing to move' };
  if (target !== null && target.type !== 'folder') return { code: 'not-a-folder', message: `${target.name} is a file, not a folder` };
  for (const item of moving) {
    if (target !== null && (item.id === target.id || isUnder(target.path, item.path))) return { code: 'into-itself', message: `Cannot move ${item.name} into itself` };
  }
  const targetId = target?.id ?? null;
  const where = target ? target.name : 'the top level';
  if (moving.every((item) => item.parentId === targetId)) return { code: 'same-place', message: `Already in ${where}` };
  const names = new Set<string>();
  for (const item of moving) {
    if (item.parentId === targetId) continue;
    // Exactly as the server's unique (parent, name) constraint compares names.
    if (items.some((other) => other.parentId === targetId && other.name === item.name && !moving.includes(other))) {
      return { code: 'name-taken', message: `${where} already holds an item named ${item.name}` };
    }
    if (names.has(item.name)) return { code: 'name-taken', message: `Two of the items to move are named ${item.name}` };
    names.add(item.name);
  }
  return null;
}

/** The folder a paste or a new item goes into, from the focused row: a folder itself, a file's parent. */
export function folderOf(items: readonly Item[], focusId: string | null): Item | null {
  const focused = focusId === null ? undefined : items.find((i) => i.id === focusId);
  if (!focused) return null;
  if (focused.type === 'folder') return focused;
  return focused.parentId === null ? null : (items.find((i) => i.id === focused.parentId) ?? null);
}
