import { describe, expect, it } from 'vitest';
import { buildTree } from './tree';
import { treeKeyAction, typeAhead, visibleRows, type KeyPress, type TreeRow } from './tree-keys';
import type { Item } from './types';

const file = (id: string, path: string, parentId: string | null = null): Item => ({ id, parentId, path, name: path.split('/').pop()!, type: 'file' });
const folder = (id: string, path: string, parentId: string | null = null): Item => ({ ...file(id, path, parentId), type: 'folder' });
const items = [file('m', 'main.py'), folder('s', 'src'), file('a', 'src/a.py', 's'), folder('d', 'src/deep', 's'), file('b', 'src/deep/b.py', 'd'), file('r', 'readme.md')];
const rowsWith = (expanded: string[]) => visibleRows(buildTree(items), (id) => expanded.includes(id));
const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({ key, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods });
const at = (rows: TreeRow[], id: string) => rows.findIndex((r) => r.item.id === id);

describe('visibleRows', () => {
  it('lists only what expanded folders show, with levels and positions for aria', () => {
    const rows = rowsWith(['s']);
    expect(rows.map((r) => [r.item.path, r.level, r.posInSet, r.setSize, r.expanded])).toEqual([
      ['src', 1, 1, 3, true], ['src/deep', 2, 1, 2, false], ['src/a.py', 2, 2, 2, false], ['main.py', 1, 2, 3, false], ['readme.md', 1, 3, 3, false],
    ]);
    expect(rowsWith([]).map((r) => r.item.id)).toEqual(['s', 'm', 'r']);
  });
});

describe('treeKeyAction', () => {
  const rows = rowsWith(['s', 'd']);
  it('moves with Up, Down, Home and End, staying inside the tree, and extends with Shift', () => {
    expect(treeKeyAction(press('ArrowDown'), rows, 0)).toEqual({ kind: 'focus', id: 'd', extend: false });
    expect(treeKeyAction(press('ArrowUp'), rows, 0)).toEqual({ kind: 'focus', id: 's', extend: false });
    expect(treeKeyAction(press('ArrowDown'), rows, rows.length - 1)).toEqual({ kind: 'focus', id: 'r', extend: false });
    expect(treeKeyAction(press('End'), rows, 0)).toEqual({ kind: 'focus', id: 'r', extend: false });
    expect(treeKeyAction(press('Home'), rows, 3)).toEqual({ kind: 'focus', id: 's', extend: false });
    expect(treeKeyAction(press('ArrowDown', { shiftKey: true }), rows, 0)).toEqual({ kind: 'focus', id: 'd', extend: true });
  });

  it('Right opens a closed folder, then enters it; on a file it does nothing', () => {
    const closed = rowsWith([]);
    expect(treeKeyAction(press('ArrowRight'), closed, 0)).toEqual({ kind: 'expand', id: 's' });
    expect(treeKeyAction(press('ArrowRight'), rows, 0)).toEqual({ kind: 'focus', id: 'd', extend: false });
    expect(treeKeyAction(press('ArrowRight'), rows, at(rows, 'a'))).toBeNull();
    // An open but empty folder: nothing to enter.
    const empty = visibleRows(buildTree([folder('e', 'empty')]), () => true);
    expect(treeKeyAction(press('ArrowRight'), empty, 0)).toBeNull();
  });

  it('Left closes an open folder, else goes to the parent; at the top it does nothing', () => {
    expect(treeKeyAction(press('ArrowLeft'), rows, at(rows, 'd'))).toEqual({ kind: 'collapse', id: 'd' });
    expect(treeKeyAction(press('ArrowLeft'), rows, at(rows, 'b'))).toEqual({ kind: 'focus', id: 'd', extend: false });
    expect(treeKeyAction(press('ArrowLeft'), rows, at(rows, 'a'))).toEqual({ kind: 'focus', id: 's', extend: false });
    expect(treeKeyAction(press('ArrowLeft'), rows, at(rows, 'm'))).toBeNull();
  });

  it('maps Enter, F2, Delete, cut, paste, the menu keys, select-all and Escape', () => {
    const i = at(rows, 'a');
    expect(treeKeyAction(press('Enter'), rows, i)).toEqual({ kind: 'activate', id: 'a' });
    expect(treeKeyAction(press('F2'), rows, i)).toEqual({ kind: 'rename', id: 'a' });
    expect(treeKeyAction(press('Delete'), rows, i)).toEqual({ kind: 'delete' });
    expect(treeKeyAction(press('x', { ctrlKey: true }), rows, i)).toEqual({ kind: 'cut' });
    expect(treeKeyAction(press('X', { metaKey: true }), rows, i)).toEqual({ kind: 'cut' });
    expect(treeKeyAction(press('v', { ctrlKey: true }), rows, i)).toEqual({ kind: 'paste', id: 'a' });
    expect(treeKeyAction(press('a', { ctrlKey: true }), rows, i)).toEqual({ kind: 'select-all' });
    expect(treeKeyAction(press('F10', { shiftKey: true }), rows, i)).toEqual({ kind: 'menu', id: 'a' });
    expect(treeKeyAction(press('F10'), rows, i)).toBeNull();
    expect(treeKeyAction(press('ContextMenu'), rows, i)).toEqual({ kind: 'menu', id: 'a' });
    expect(treeKeyAction(press('Escape'), rows, i)).toEqual({ kind: 'escape' });
  });

  it('leaves other keys to the page: Tab, Alt combinations, Ctrl+S, Space', () => {
    for (const p of [press('Tab'), press('ArrowDown', { altKey: true }), press('s', { ctrlKey: true }), press(' '), press('F5')]) {
      expect(treeKeyAction(p, rows, 0)).toBeNull();
    }
    expect(treeKeyAction(press('ArrowDown'), [], 0)).toBeNull();
  });

  it('with nothing focused yet, the first move lands on the first (or, up, the last) row', () => {
    expect(treeKeyAction(press('ArrowDown'), rows, -1)).toEqual({ kind: 'focus', id: 's', extend: false });
    expect(treeKeyAction(press('ArrowUp'), rows, -1)).toEqual({ kind: 'focus', id: 'r', extend: false });
    expect(treeKeyAction(press('Delete'), rows, -1)).toBeNull();
  });

  it('turns printable keys into type-ahead', () => {
    expect(treeKeyAction(press('m'), rows, 0)).toEqual({ kind: 'type', char: 'm' });
  });
});

describe('typeAhead', () => {
  const rows = rowsWith(['s', 'd']);
  it('jumps to the next name starting with the letter, wrapping, and cycles on the same letter', () => {
    const first = typeAhead(rows, 0, null, 'r', 1000);
    expect(rows[first.index!]!.item.id).toBe('r');
    const again = typeAhead(rows, at(rows, 'r'), first.state, 'r', 1100);
    expect(rows[again.index!]!.item.id).toBe('r'); // the only r: stays
    const s = typeAhead(rows, at(rows, 'r'), null, 'S', 1000);
    expect(rows[s.index!]!.item.id).toBe('s');
  });

  it('spells a name from keys typed in quick succession, and starts over after a pause', () => {
    const m = typeAhead(rows, 0, null, 'm', 1000);
    expect(rows[m.index!]!.item.id).toBe('m');
    const ma = typeAhead(rows, m.index!, m.state, 'a', 1200);
    expect([ma.state.text, rows[ma.index!]!.item.id]).toEqual(['ma', 'm']);
    const late = typeAhead(rows, ma.index!, ma.state, 'a', 5000);
    expect([late.state.text, rows[late.index!]!.item.id]).toEqual(['a', 'a']);
    expect(typeAhead(rows, 0, null, 'z', 1).index).toBeNull();
  });
});
