import { describe, expect, it } from 'vitest';
import { applyTreeChange, buildTree, canMoveInto, defaultFile, moveTargets } from './tree';
import type { Item } from './types';

const file = (id: string, path: string, parentId: string | null = null): Item => ({
  id, parentId, path, name: path.split('/').pop()!, type: 'file',
});
const folder = (id: string, path: string, parentId: string | null = null): Item => ({ ...file(id, path, parentId), type: 'folder' });

const items = [file('m', 'main.py'), folder('s', 'src'), file('a', 'src/a.py', 's'), folder('d', 'src/deep', 's'), file('b', 'src/deep/b.py', 'd')];

describe('applyTreeChange', () => {
  it('adds a created file and replaces an updated one', () => {
    const created = applyTreeChange(items, { kind: 'created', item: file('n', 'made.txt') });
    expect(created.map((i) => i.path)).toContain('made.txt');
    expect(applyTreeChange(created, { kind: 'updated', item: file('n', 'made.txt') })).toHaveLength(items.length + 1);
  });

  it('TREE-3: moves a folder with everything under it', () => {
    const next = applyTreeChange(items, { kind: 'renamed', item: folder('s', 'lib'), oldPath: 'src' });
    expect(next.map((i) => i.path).sort()).toEqual(['lib', 'lib/a.py', 'lib/deep', 'lib/deep/b.py', 'main.py']);
  });

  it('TREE-3: does not touch a sibling whose name merely starts the same', () => {
    const next = applyTreeChange([...items, file('x', 'src2.py')], { kind: 'renamed', item: folder('s', 'lib'), oldPath: 'src' });
    expect(next.find((i) => i.id === 'x')!.path).toBe('src2.py');
  });

  it('TREE-3: deletes a folder with its descendants', () => {
    expect(applyTreeChange(items, { kind: 'deleted', item: folder('s', 'src') }).map((i) => i.id)).toEqual(['m']);
  });
});

describe('buildTree', () => {
  it('nests by parent and lists folders before files', () => {
    const tree = buildTree(items);
    expect(tree.map((n) => n.item.name)).toEqual(['src', 'main.py']);
    expect(tree[0]!.children.map((n) => n.item.name)).toEqual(['deep', 'a.py']);
  });
});

describe('moving', () => {
  it('never offers a folder its own subtree or its current parent', () => {
    const src = items[1]!;
    expect(moveTargets(items, src)).toEqual([]);
    expect(moveTargets(items, items[4]!).map((t) => t?.path ?? '/')).toEqual(['/', 'src']);
    expect(canMoveInto(src, items[3]!)).toBe(false);
    expect(canMoveInto(items[0]!, src)).toBe(true);
    expect(canMoveInto(items[0]!, null)).toBe(false);
  });
});

describe('defaultFile', () => {
  it('opens the file the address names, even a dotfile', () => {
    expect(defaultFile([file('h', '.bash_history'), ...items], '.bash_history')?.id).toBe('h');
  });

  it('otherwise opens the first file by path that is not hidden, never a dotfile', () => {
    const withDots = [file('h', '.bash_history'), folder('c', '.config'), file('x', '.config/a.txt', 'c'), ...items];
    expect(defaultFile(withDots, null)?.id).toBe('m');
    expect(defaultFile(withDots, 'gone.py')?.id).toBe('m');
    expect(defaultFile([file('h', '.bash_history')], null)).toBeUndefined();
  });
});
