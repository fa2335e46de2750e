// What the server sends on `/ws`, one example of every kind, checked against the
// schemas: accepted whole (nothing stripped), and the drifts that were fixed refused.
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Thread } from './http/threads';
import { errorMessage } from './ws-error';
import { serverMessageSchema, type ServerMessage } from './ws-server-messages';

const item = { id: 'i1', parentId: null, name: 'a.py', type: 'file', path: 'a.py' } as const;
const uuid = '0b5a4e1c-2d3f-4a5b-8c6d-7e8f9a0b1c2d';
const at = '2026-12-01T12:00:00.000Z';
const user = { id: uuid, username: 'alice' };
const thread: Thread = {
  id: uuid, workspaceId: uuid, itemId: uuid, path: 'a.py', reviewId: null, author: user, state: 'changed', from: 4, to: 9,
  startLine: 2, endLine: 2, currentText: 'two!\n', quote: 'two\n', prefix: 'one\n', suffix: '', anchor: { start: 'AQI=', end: 'AQM=' },
  original: { startLine: 2, startColumn: 1, endLine: 2, endColumn: 5 }, resolved: false, resolvedBy: null, resolvedAt: null, createdAt: at, updatedAt: at,
  comments: [{ id: uuid, threadId: uuid, author: user, body: 'hm', suggestion: null, deleted: false, createdAt: at, editedAt: null, appliedAt: null, appliedBy: null }],
};
const conforms = (value: unknown) => {
  const parsed = serverMessageSchema.safeParse(value);
  return parsed.success && isDeepStrictEqual(parsed.data, value);
};

describe('serverMessageSchema', () => {
  const every: ServerMessage[] = [
    { type: 'hello', user: { id: 'u1', username: 'alice' }, role: 'owner' },
    { type: 'presence', users: [{ userId: 'u1', username: 'alice', connections: 2, itemId: null }] },
    { type: 'tree', change: { kind: 'created', item } },
    { type: 'tree', change: { kind: 'deleted', item, by: { id: 'u1', username: 'bob' } } },
    { type: 'tree', change: { kind: 'renamed', item, oldPath: 'b.py' } },
    { type: 'tree', change: { kind: 'moved', item: { ...item, parentId: 'd1', path: 'd/a.py' }, oldPath: 'a.py' } },
    { type: 'tree', change: { kind: 'deleted', item: { ...item, type: 'folder' } } },
    { type: 'tree', change: { kind: 'updated', item } },
    { type: 'tree', change: { kind: 'updated', item: { ...item, unloaded: { size: 4, reason: 'binary' } } } },
    { type: 'env.status', status: 'starting' },
    { type: 'env.status', status: 'failed', reason: 'no pod' },
    { type: 'env.status', status: 'ready', skipped: { count: 1, paths: ['a\\b'] } },
    { type: 'term.opened', termId: 't1', cols: 80, rows: 24 },
    { type: 'term.output', termId: 't1', seq: 0, data: '$ ' },
    { type: 'term.skipped', termId: 't1', from: 10, to: 90 },
    { type: 'term.exit', termId: 't1', code: 0 },
    { type: 'term.exit', termId: 't1', code: 130 },
    { type: 'term.exit', termId: 't1', code: -1 },
    { type: 'term.closed', termId: 't1' },
    { type: 'term.list', terminals: [{ termId: 't1', cols: 80, rows: 24, exited: false, exitCode: null }, { termId: 't2', cols: 1, rows: 1, exited: true, exitCode: 5 }] },
    { type: 'thread', thread },
    { type: 'thread.deleted', threadId: thread.id },
    errorMessage('unknown_type', 'Unknown message type "x"', 7),
    errorMessage('terminal_not_found', 'no terminal t9 in this workspace'),
    { type: 'heartbeat' },
    { type: 'lang.status', state: 'ready', missing: ['ruff: formatting and lint fixes'] },
    { type: 'lang.status', state: 'failed', missing: [], message: 'pyright exited 5 times in a minute' },
    {
      type: 'lang.diagnostics', itemId: uuid, version: 3,
      diagnostics: [{ start: 'AQI=', end: 'AQM=', line: 0, character: 11, endLine: 0, endCharacter: 12, severity: 1, message: 'Expected parameter name', source: 'Pyright' }],
    },
    { type: 'lang.result', id: 1, ok: true, result: { isIncomplete: false, items: [] } },
    { type: 'lang.result', id: 2, ok: false, code: 'cancelled', message: 'superseded by a newer completion request' },
    { type: 'lang.applied', editId: 'e1', label: 'rename', files: [{ itemId: uuid, path: 'a.py' }] },
  ];

  it.each(every.map((m) => [m.type, m]))('accepts %s whole', (_type, message) => {
    expect(conforms(message)).toBe(true);
  });

  it('covers every kind', () => {
    expect(new Set(every.map((m) => m.type))).toEqual(new Set(serverMessageSchema.options.map((o) => o.shape.type.value)));
  });

  it.each([
    ['a catch-all type', { type: 'whatever', x: 1 }],
    ['an exit without a code (the executor always sends a number)', { type: 'term.exit', termId: 't1', code: null }],
    ['a tree change of an unknown kind', { type: 'tree', change: { kind: 'copied', item } }],
    ['a rename without its old path', { type: 'tree', change: { kind: 'renamed', item } }],
    ['an unloaded file of an unknown reason', { type: 'tree', change: { kind: 'updated', item: { ...item, unloaded: { size: 1, reason: 'odd' } } } }],
    ['an environment state that does not exist', { type: 'env.status', status: 'sleeping' }],
    ['a role that does not exist', { type: 'hello', user: { id: 'u1', username: 'a' }, role: 'admin' }],
    ['a negative output offset', { type: 'term.output', termId: 't1', seq: -1, data: '' }],
    ['a thread of an unknown state', { type: 'thread', thread: { ...thread, state: 'outdated' } }],
    ['a thread deletion without its id', { type: 'thread.deleted' }],
  ])('WS-5, TREE-1, TREE-2, TREE-4, ENV-1, TERM-2, TERM-4, THREAD-1, THREAD-2: refuses %s', (_what, message) => {
    expect(serverMessageSchema.safeParse(message).success).toBe(false);
  });

  it('TREE-4: marks unloaded files on the item of an updated change only', () => {
    expect(conforms({ type: 'tree', change: { kind: 'created', item: { ...item, unloaded: { size: 4, reason: 'binary' } } } })).toBe(false);
  });
});

describe('errorMessage', () => {
  it('WS-6: echoes a ref only when given', () => {
    expect(errorMessage('unknown_type', 'no')).toEqual({ type: 'error', code: 'unknown_type', message: 'no' });
    expect('ref' in errorMessage('unknown_type', 'no')).toBe(false);
    expect(errorMessage('unknown_type', 'no', 'r1')).toEqual({ type: 'error', code: 'unknown_type', message: 'no', ref: 'r1' });
    expect(errorMessage('unknown_type', 'no', 0)).toEqual({ type: 'error', code: 'unknown_type', message: 'no', ref: 0 });
  });
});
