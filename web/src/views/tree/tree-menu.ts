/**
 * The entries of the tree's context menu for what it was opened on: a row (acting on
 * the selection when the row is in it) or the empty space below the rows (the top
 * level). Someone who may only read gets the same menu with the changing entries
 * disabled, each saying why, so the menu still shows what exists.
 */
import type { Item } from '../../lib/types';
import type { MenuEntry } from './context-menu';

export interface TreeMenuActions {
  newItem(type: Item['type']): void;
  rename(item: Item): void;
  moveTo(item: Item): void;
  remove(items: Item[]): void;
  cut(items: Item[]): void;
  paste(): void;
  copyPath(item: Item): void;
  download(item: Item): void;
}

export const READ_ONLY_REASON = 'Read-only access';

export function treeMenuEntries(opts: { targets: Item[]; canEdit: boolean; canPaste: boolean; actions: TreeMenuActions }): MenuEntry[] {
  const { targets, canEdit, canPaste, actions } = opts;
  const write = canEdit ? undefined : READ_ONLY_REASON;
  const one = targets.length === 1 ? targets[0]! : null;
  const many = targets.length > 1 ? ` ${targets.length} items` : '';
  const entries: MenuEntry[] = [
    { label: 'New file', disabled: write, run: () => actions.newItem('file') },
    { label: 'New folder', disabled: write, run: () => actions.newItem('folder') },
  ];
  if (one) entries.push({ label: 'Rename', shortcut: 'F2', disabled: write, run: () => actions.rename(one) });
  if (targets.length > 0) entries.push({ label: `Cut${many}`, shortcut: 'Ctrl+X', disabled: write, run: () => actions.cut(targets) });
  if (canPaste) entries.push({ label: 'Paste here', shortcut: 'Ctrl+V', disabled: write, run: actions.paste });
  if (one) entries.push({ label: 'Move to…', disabled: write, run: () => actions.moveTo(one) });
  if (one) entries.push({ label: 'Copy path', run: () => actions.copyPath(one) });
  if (one?.type === 'file') entries.push({ label: 'Download', run: () => actions.download(one) });
  if (targets.length > 0) entries.push({ label: `Delete${many}`, shortcut: 'Delete', disabled: write, danger: true, run: () => actions.remove(targets) });
  return entries;
}
