import { describe, expect, it } from 'vitest';
import type { Item } from '../../lib/types';
import { READ_ONLY_REASON, treeMenuEntries, type TreeMenuActions } from './tree-menu';

const file: Item = { id: 'f', parentId: null, name: 'a.py', type: 'file', path: 'a.py' };
const folder: Item = { id: 'd', parentId: null, name: 'src', type: 'folder', path: 'src' };
const ran: string[] = [];
const actions = new Proxy({}, { get: (_t, name) => () => ran.push(String(name)) }) as TreeMenuActions;
const labels = (entries: ReturnType<typeof treeMenuEntries>) => entries.map((e) => (e.disabled ? `(${e.label})` : e.label));

describe('treeMenuEntries', () => {
  it('offers everything on one file to an editor, and paste only when something was cut', () => {
    expect(labels(treeMenuEntries({ targets: [file], canEdit: true, canPaste: false, actions }))).toEqual(
      ['New file', 'New folder', 'Rename', 'Cut', 'Move to…', 'Copy path', 'Download', 'Delete']);
    expect(labels(treeMenuEntries({ targets: [folder], canEdit: true, canPaste: true, actions }))).toEqual(
      ['New file', 'New folder', 'Rename', 'Cut', 'Paste here', 'Move to…', 'Copy path', 'Delete']);
  });

  it('acts on a whole selection by count, and on the top level with only new items', () => {
    expect(labels(treeMenuEntries({ targets: [file, folder], canEdit: true, canPaste: false, actions }))).toEqual(
      ['New file', 'New folder', 'Cut 2 items', 'Delete 2 items']);
    expect(labels(treeMenuEntries({ targets: [], canEdit: true, canPaste: true, actions }))).toEqual(['New file', 'New folder', 'Paste here']);
  });

  it('shows a reader the changing entries disabled, saying why, and lets them copy and download', () => {
    const entries = treeMenuEntries({ targets: [file], canEdit: false, canPaste: false, actions });
    expect(labels(entries)).toEqual(['(New file)', '(New folder)', '(Rename)', '(Cut)', '(Move to…)', 'Copy path', 'Download', '(Delete)']);
    expect(new Set(entries.filter((e) => e.disabled).map((e) => e.disabled))).toEqual(new Set([READ_ONLY_REASON]));
    entries.find((e) => e.label === 'Download')!.run();
    expect(ran).toEqual(['download']);
  });
});
