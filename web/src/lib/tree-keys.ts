/**
 * The file tree's keyboard, after the WAI-ARIA tree view pattern and VS Code's explorer.
 * Pure: the rows as drawn (only those under expanded folders) and a key in, what to do
 * out; the view applies it (focus, selection, the API).
 *
 * Up/Down move; Right opens a closed folder, enters an open one; Left closes an open
 * folder, else goes to the parent; Home/End; Enter opens a file or toggles a folder;
 * F2 renames; Delete deletes; Ctrl/Cmd+X cuts, Ctrl/Cmd+V pastes into the focused folder
 * (or beside the focused file); Shift+F10 and the context-menu key open the menu;
 * Shift with a move extends the selection; a printable key jumps by name (type-ahead).
 */
import type { TreeNode } from './tree';
import type { Item } from './types';

export interface TreeRow {
  item: Item;
  /** 1 for the top level, as aria-level counts. */
  level: number;
  expanded: boolean;
  /** 1-based position among its siblings, and how many siblings (aria-posinset, aria-setsize). */
  posInSet: number;
  setSize: number;
}

/** The rows the tree shows, in order: a folder's children follow it only when it is expanded. */
export function visibleRows(roots: readonly TreeNode[], isExpanded: (id: string) => boolean): TreeRow[] {
  const rows: TreeRow[] = [];
  const walk = (nodes: readonly TreeNode[], level: number) => {
    nodes.forEach((node, i) => {
      const expanded = node.item.type === 'folder' && isExpanded(node.item.id);
      rows.push({ item: node.item, level, expanded, posInSet: i + 1, setSize: nodes.length });
      if (expanded) walk(node.children, level + 1);
    });
  };
  walk(roots, 1);
  return rows;
}

export type TreeKeyAction =
  | { kind: 'focus'; id: string; extend: boolean }
  | { kind: 'expand'; id: string }
  | { kind: 'collapse'; id: string }
  | { kind: 'activate'; id: string }
  | { kind: 'rename'; id: string }
  | { kind: 'delete' }
  | { kind: 'cut' }
  | { kind: 'paste'; id: string }
  | { kind: 'menu'; id: string }
  | { kind: 'select-all' }
  | { kind: 'escape' }
  | { kind: 'type'; char: string };

export interface KeyPress {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/**
 * What `press` does with focus on `rows[index]` (index -1: nothing focused yet, the
 * first move lands on the first row). Null: not the tree's key, let it through.
 */
export function treeKeyAction(press: KeyPress, rows: readonly TreeRow[], index: number): TreeKeyAction | null {
  if (rows.length === 0) return null;
  const { key, shiftKey: shift, altKey: alt } = press;
  const mod = press.ctrlKey || press.metaKey;
  const here = rows[index];
  const to = (i: number): TreeKeyAction => ({ kind: 'focus', id: rows[Math.max(0, Math.min(rows.length - 1, i))]!.item.id, extend: shift });
  if (alt) return null;
  if (!here) return ['ArrowDown', 'ArrowUp', 'Home', 'End', 'ArrowRight', 'ArrowLeft'].includes(key) && !mod ? to(key === 'End' || key === 'ArrowUp' ? rows.length - 1 : 0) : null;
  const id = here.item.id;
  const isFolder = here.item.type === 'folder';

  if (mod) {
    switch (key.toLowerCase()) {
      case 'x':
        return shift ? null : { kind: 'cut' };
      case 'v':
        return shift ? null : { kind: 'paste', id };
      case 'a':
        return shift ? null : { kind: 'select-all' };
      default:
        return null;
    }
  }
  switch (key) {
    case 'ArrowDown':
      return to(index + 1);
    case 'ArrowUp':
      return to(index - 1);
    case 'Home':
      return to(0);
    case 'End':
      return to(rows.length - 1);
    case 'ArrowRight':
      if (!isFolder || shift) return null;
      if (!here.expanded) return { kind: 'expand', id };
      // An open folder's first child is the next row, when it has one (a deeper level).
      return rows[index + 1] && rows[index + 1]!.level > here.level ? to(index + 1) : null;
    case 'ArrowLeft': {
      if (shift) return null;
      if (isFolder && here.expanded) return { kind: 'collapse', id };
      const parent = parentIndex(rows, index);
      return parent === null ? null : to(parent);
    }
    case 'Enter':
      return shift ? null : { kind: 'activate', id };
    case 'F2':
      return shift ? null : { kind: 'rename', id };
    case 'Delete':
      return shift ? null : { kind: 'delete' };
    case 'F10':
      return shift ? { kind: 'menu', id } : null;
    case 'ContextMenu':
      return { kind: 'menu', id };
    case 'Escape':
      return { kind: 'escape' };
    default:
      // One printable character (not Space, which selects in some trees): type-ahead.
      return key.length === 1 && key !== ' ' ? { kind: 'type', char: key } : null;
  }
}

function parentIndex(rows: readonly TreeRow[], index: number): number | null {
  const level = rows[index]!.level;
  for (let i = index - 1; i >= 0; i--) if (rows[i]!.level < level) return i;
  return null;
}

/** Type-ahead's memory: what was typed, and when the last key came (ms). */
export interface TypeAhead {
  text: string;
  at: number;
}

/** Keys this close together (ms) spell one name; a longer pause starts a new one. */
export const TYPE_AHEAD_PAUSE_MS = 700;

/**
 * Where type-ahead goes: the next row (after the focused one, wrapping) whose name
 * starts with what was typed, case-insensitive. A first letter searches from the row
 * after the focus, so pressing it again cycles; more letters keep the focused row if it
 * still matches. Null: no row matches (focus stays).
 */
export function typeAhead(rows: readonly TreeRow[], index: number, previous: TypeAhead | null, char: string, now: number): { state: TypeAhead; index: number | null } {
  const continues = previous !== null && now - previous.at <= TYPE_AHEAD_PAUSE_MS;
  const repeatsOneLetter = continues && [...previous.text].every((c) => c.toLowerCase() === char.toLowerCase());
  const text = continues && !repeatsOneLetter ? previous.text + char : char;
  const state = { text: repeatsOneLetter ? previous.text + char : text, at: now };
  const wanted = text.toLowerCase();
  const start = text.length > 1 ? Math.max(index, 0) : index + 1;
  for (let step = 0; step < rows.length; step++) {
    const i = (start + step) % rows.length;
    if (rows[i]!.item.name.toLowerCase().startsWith(wanted)) return { state, index: i };
  }
  return { state, index: null };
}

/** Ctrl/Cmd+Shift+E, VS Code's "focus the explorer": back to the tree from the editor, by keyboard. */
export const isFocusTreeShortcut = (e: Pick<KeyPress, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>) =>
  (e.ctrlKey || e.metaKey) && e.shiftKey && !e.altKey && e.key.toLowerCase() === 'e';
