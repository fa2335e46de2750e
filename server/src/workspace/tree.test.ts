import { describe, expect, it } from 'vitest';
import { planMove } from './tree';

const folder = (id: string, path: string, parentId: string | null = null) => ({ id, path, parentId, name: path.split('/').pop()!, type: 'folder' as const });

describe('planMove', () => {
  it('renames in place and moves elsewhere', () => {
    expect(planMove(folder('a', 'a'), null, 'b', 0)).toEqual({ ok: true, newPath: 'b', kind: 'renamed' });
    expect(planMove(folder('b', 'x/b', 'x'), { id: 'y', path: 'y' }, 'b', 0)).toEqual({ ok: true, newPath: 'y/b', kind: 'moved' });
    expect(planMove(folder('b', 'x/b', 'x'), null, 'b', 0)).toEqual({ ok: true, newPath: 'b', kind: 'moved' });
    expect(planMove(folder('b', 'x/b', 'x'), { id: 'x', path: 'x' }, 'b', 0)).toEqual({ ok: true, newPath: 'x/b', kind: 'unchanged' });
  });

  it('refuses a move into itself or below', () => {
    expect(planMove(folder('a', 'a'), { id: 'a', path: 'a' }, 'a', 0)).toMatchObject({ ok: false, code: 'invalid_move' });
    expect(planMove(folder('a', 'a'), { id: 'c', path: 'a/b/c' }, 'a', 0)).toMatchObject({ ok: false, code: 'invalid_move' });
    // A sibling whose name merely starts the same is fine.
    expect(planMove(folder('a', 'a'), { id: 'ab', path: 'ab' }, 'a', 0)).toMatchObject({ ok: true, newPath: 'ab/a' });
  });

  it('refuses a move that would push a descendant past the path limit (1024 bytes)', () => {
    const longest = 1000; // e.g. a/<998 bytes>
    expect(planMove(folder('a', 'a'), { id: 'p', path: 'p'.repeat(30) }, 'a', longest)).toMatchObject({ ok: false, code: 'invalid_path' });
    expect(planMove(folder('a', 'a'), { id: 'p', path: 'p'.repeat(20) }, 'a', longest)).toMatchObject({ ok: true });
  });
});
