import { describe, expect, it } from 'vitest';
import { activeTab, applyTabChange, clearNotice, closeTab, describeNotice, openTab, reconcileTabs, type OpenTab } from './open-tabs';
import type { Item } from './types';

const file = (id: string, path: string, parentId: string | null = null): Item => ({ id, parentId, path, name: path.split('/').pop()!, type: 'file' });
const folder = (id: string, path: string, parentId: string | null = null): Item => ({ ...file(id, path, parentId), type: 'folder' });
const bob = { id: 'u-bob', username: 'bob' };
const me = 'u-me';
const start = (): OpenTab[] => openTab(openTab([], file('a', 'src/a.py', 's')), file('m', 'main.py'));

describe('open tabs', () => {
  it('opens once, closes, and shows the wanted tab or else the last', () => {
    const tabs = openTab(start(), file('m', 'main.py'));
    expect(tabs.map((t) => t.id)).toEqual(['a', 'm']);
    expect(activeTab(tabs, 'a')).toBe('a');
    expect(activeTab(tabs, 'gone')).toBe('m');
    expect(activeTab(closeTab(tabs, 'm'), 'm')).toBe('a');
    expect(activeTab([], null)).toBeNull();
  });

  it('TREE-5: keeps a tab whose file someone else deleted, saying who', () => {
    const tabs = applyTabChange(start(), { kind: 'deleted', item: file('a', 'src/a.py', 's'), by: bob }, me);
    expect(tabs.find((t) => t.id === 'a')!.notice).toEqual({ kind: 'deleted', by: 'bob' });
    expect(describeNotice(tabs[0]!.notice!)).toMatch(/^Deleted by bob\./);
    // A later rename event cannot revive it.
    const after = applyTabChange(tabs, { kind: 'renamed', item: file('a', 'src/b.py', 's'), oldPath: 'src/a.py', by: bob }, me);
    expect(after[0]!.item.path).toBe('src/a.py');
  });

  it('marks the files of a deleted folder, and says only "Deleted" when no one is named (a command)', () => {
    const tabs = applyTabChange(start(), { kind: 'deleted', item: folder('s', 'src') }, me);
    expect(tabs.map((t) => t.notice)).toEqual([{ kind: 'deleted', by: null }, null]);
    expect(describeNotice(tabs[0]!.notice!)).toMatch(/^Deleted\./);
  });

  it('closes the tab of a file you deleted yourself', () => {
    expect(applyTabChange(start(), { kind: 'deleted', item: folder('s', 'src'), by: { id: me, username: 'me' } }, me).map((t) => t.id)).toEqual(['m']);
  });

  it('follows a rename or a move by someone else and says so; yours only retitles', () => {
    const renamed = applyTabChange(start(), { kind: 'renamed', item: file('a', 'src/b.py', 's'), oldPath: 'src/a.py', by: bob }, me);
    expect(renamed[0]).toEqual({ id: 'a', item: file('a', 'src/b.py', 's'), notice: { kind: 'renamed', by: 'bob', from: 'src/a.py', to: 'src/b.py' } });
    expect(describeNotice(renamed[0]!.notice!)).toBe('Renamed by bob: src/a.py → src/b.py');
    expect(clearNotice(renamed, 'a')[0]!.notice).toBeNull();
    const folderMoved = applyTabChange(start(), { kind: 'moved', item: folder('s', 'lib/src', 'l'), oldPath: 'src', by: bob }, me);
    expect(folderMoved[0]!.item).toMatchObject({ path: 'lib/src/a.py', name: 'a.py' });
    expect(folderMoved[0]!.notice).toMatchObject({ kind: 'moved', from: 'src/a.py', to: 'lib/src/a.py' });
    const mine = applyTabChange(start(), { kind: 'renamed', item: file('m', 'app.py'), oldPath: 'main.py', by: { id: me, username: 'me' } }, me);
    expect(mine[1]).toEqual({ id: 'm', item: file('m', 'app.py'), notice: null });
  });

  it('keeps deleted notices when a notice is cleared', () => {
    const tabs = applyTabChange(start(), { kind: 'deleted', item: file('a', 'src/a.py', 's'), by: bob }, me);
    expect(clearNotice(tabs, 'a')[0]!.notice).toEqual({ kind: 'deleted', by: 'bob' });
  });

  it('infers deletions and moves from a fresh listing (after a reconnect), naming no one', () => {
    const tabs = start();
    expect(reconcileTabs(tabs, [file('a', 'src/a.py', 's'), file('m', 'main.py')])).toBe(tabs);
    const next = reconcileTabs(tabs, [file('a', 'src/z.py', 's')]);
    expect(next.map((t) => t.notice)).toEqual([{ kind: 'renamed', by: null, from: 'src/a.py', to: 'src/z.py' }, { kind: 'deleted', by: null }]);
    expect(reconcileTabs(next, [file('a', 'src/z.py', 's'), file('m', 'main.py')])[1]!.notice).toEqual({ kind: 'deleted', by: null });
    expect(reconcileTabs(tabs, [file('a', 'lib/a.py', 'l'), file('m', 'main.py')])[0]!.notice).toMatchObject({ kind: 'moved' });
  });
});
