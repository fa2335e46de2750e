import { describe, expect, it } from 'vitest';
import { actionTargets, folderOf, moveRefusal, pruneSelection, selectOne, selectRange, toggleOne, topLevel } from './tree-selection';
import type { Item } from './types';

const file = (id: string, path: string, parentId: string | null = null): Item => ({ id, parentId, path, name: path.split('/').pop()!, type: 'file' });
const folder = (id: string, path: string, parentId: string | null = null): Item => ({ ...file(id, path, parentId), type: 'folder' });
const items = [file('m', 'main.py'), folder('s', 'src'), file('a', 'src/a.py', 's'), folder('d', 'src/deep', 's'), file('b', 'src/deep/b.py', 'd'), folder('o', 'other'), file('oa', 'other/a.py', 'o')];
const get = (id: string) => items.find((i) => i.id === id)!;
const order = ['s', 'd', 'b', 'a', 'o', 'oa', 'm'];

describe('selection', () => {
  it('a click selects one, Ctrl+click toggles, Shift+click takes the range from the anchor', () => {
    let sel = selectOne('d');
    sel = selectRange(sel, order, 'o');
    expect(sel).toEqual({ ids: ['d', 'b', 'a', 'o'], anchor: 'd' });
    sel = selectRange(sel, order, 's');
    expect(sel.ids).toEqual(['s', 'd']);
    sel = toggleOne(sel, 'm');
    expect(sel).toEqual({ ids: ['s', 'd', 'm'], anchor: 'm' });
    sel = toggleOne(sel, 's');
    expect(sel.ids).toEqual(['d', 'm']);
    expect(selectRange(selectOne('x'), order, 'a')).toEqual({ ids: ['a'], anchor: 'a' });
    expect(selectRange(selectOne('a'), order, 'gone')).toEqual(selectOne('a'));
  });

  it('drops what was deleted and keeps the same object when nothing was', () => {
    const sel = { ids: ['a', 'b'], anchor: 'b' };
    expect(pruneSelection(sel, (id) => id !== 'b')).toEqual({ ids: ['a'], anchor: null });
    expect(pruneSelection(sel, () => true)).toBe(sel);
  });

  it('acts on the focused row alone when it is outside the selection', () => {
    expect(actionTargets({ ids: ['a', 'b'], anchor: 'a' }, 'm')).toEqual(['m']);
    expect(actionTargets({ ids: ['a', 'b'], anchor: 'a' }, 'b')).toEqual(['a', 'b']);
    expect(actionTargets({ ids: [], anchor: null }, null)).toEqual([]);
  });

  it('acts once on a folder and what is in it', () => {
    expect(topLevel(items, ['b', 's', 'm', 'oa']).map((i) => i.id)).toEqual(['m', 'oa', 's']);
  });
});

describe('moveRefusal', () => {
  it('refuses a folder into itself or below itself, and a file as the target', () => {
    expect(moveRefusal(items, [get('s')], get('s'))).toEqual({ code: 'into-itself', message: 'Cannot move src into itself' });
    expect(moveRefusal(items, [get('m'), get('s')], get('d'))?.message).toBe('Cannot move src into itself');
    expect(moveRefusal(items, [get('m')], get('a'))?.message).toBe('a.py is a file, not a folder');
  });

  it('refuses a taken name, and two of the same name at once', () => {
    expect(moveRefusal(items, [get('a')], get('o'))).toEqual({ code: 'name-taken', message: 'other already holds an item named a.py' });
    expect(moveRefusal(items, [get('a'), get('oa')], null)?.message).toBe('Two of the items to move are named a.py');
    expect(moveRefusal([...items, file('top', 'a.py')], [get('a')], null)?.message).toBe('the top level already holds an item named a.py');
  });

  it('calls a move to where everything already is no move, and allows the rest', () => {
    expect(moveRefusal(items, [get('a'), get('d')], get('s'))?.message).toBe('Already in src');
    expect(moveRefusal(items, [get('m')], null)).toEqual({ code: 'same-place', message: 'Already in the top level' });
    expect(moveRefusal(items, [], null)?.message).toBe('Nothing to move');
    expect(moveRefusal(items, [get('m'), get('b')], get('o'))).toBeNull();
    // One already there, one not: the one not there moves.
    expect(moveRefusal(items, [get('m'), get('a')], null)).toBeNull();
    expect(moveRefusal(items, [get('d')], null)).toBeNull();
  });
});

describe('folderOf', () => {
  it('is the focused folder, a focused file’s parent, or the top level', () => {
    expect(folderOf(items, 's')?.id).toBe('s');
    expect(folderOf(items, 'b')?.id).toBe('d');
    expect(folderOf(items, 'm')).toBeNull();
    expect(folderOf(items, null)).toBeNull();
    expect(folderOf(items, 'gone')).toBeNull();
  });
});
