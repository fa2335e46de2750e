import { describe, expect, it } from 'vitest';
import { chooseUndo, nextTick, ServerEditLog, SERVER_UNDO_DEPTH } from './undo-choice';

describe('chooseUndo', () => {
  it('undoes locally when nothing was applied by the server', () => {
    expect(chooseUndo([], 3)).toEqual({ kind: 'local' });
    expect(chooseUndo([], null)).toEqual({ kind: 'local' });
  });

  it('asks the server when its edit came after the top local step, locally when typing came after it', () => {
    expect(chooseUndo([{ editId: 'r1', at: 5 }], 4)).toEqual({ kind: 'server', editId: 'r1' });
    expect(chooseUndo([{ editId: 'r1', at: 5 }], null)).toEqual({ kind: 'server', editId: 'r1' });
    expect(chooseUndo([{ editId: 'r1', at: 5 }], 6)).toEqual({ kind: 'local' });
  });

  it('takes the latest of several server edits', () => {
    expect(chooseUndo([{ editId: 'a', at: 2 }, { editId: 'b', at: 7 }, { editId: 'c', at: 4 }], 1)).toEqual({ kind: 'server', editId: 'b' });
  });
});

describe('ServerEditLog', () => {
  it('walks type, rename, type back one step at a time: local, server, local', () => {
    const log = new ServerEditLog();
    const typedA = nextTick();
    log.record('rename-1', ['main', 'util']);
    const typedB = nextTick();
    // Ctrl+Z: B is newest.
    expect(chooseUndo(log.forFile('main'), typedB)).toEqual({ kind: 'local' });
    // B undone: the top is A, older than the rename.
    const choice = chooseUndo(log.forFile('main'), typedA);
    expect(choice).toEqual({ kind: 'server', editId: 'rename-1' });
    log.consume('rename-1');
    expect(chooseUndo(log.forFile('main'), typedA)).toEqual({ kind: 'local' });
  });

  it('offers an edit in every file it touched, and not again once undone from one of them', () => {
    const log = new ServerEditLog();
    log.record('rename-1', ['main', 'util']);
    expect(chooseUndo(log.forFile('util'), null)).toEqual({ kind: 'server', editId: 'rename-1' });
    expect(log.forFile('other')).toEqual([]);
    log.consume('rename-1');
    expect(log.forFile('main')).toEqual([]);
  });

  it('keeps only as many as the server can undo', () => {
    const log = new ServerEditLog();
    for (let i = 0; i < SERVER_UNDO_DEPTH + 5; i++) log.record(`e${i}`, ['main']);
    const kept = log.forFile('main');
    expect(kept).toHaveLength(SERVER_UNDO_DEPTH);
    expect(kept[0]!.editId).toBe('e5');
  });
});
