import { createAnchor } from '@tandem/anchors';
import type { Thread } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { bytesToBase64 } from './base64-bytes';
import { resolveThreads } from './thread-resolution';

const ITEM = '00000000-0000-4000-8000-000000000001';

function threadOn(text: Y.Text | null, from: number, to: number, extra: Partial<Thread> = {}): Thread {
  const a = text ? createAnchor(text, from, to) : null;
  return {
    id: extra.id ?? crypto.randomUUID(), workspaceId: ITEM, itemId: ITEM, path: 'main.py', reviewId: null, author: { id: ITEM, username: 'bob' },
    state: 'anchored', from, to, startLine: a?.startLine ?? null, endLine: a?.endLine ?? null, currentText: null, quote: a?.quote ?? '', prefix: '', suffix: '',
    anchor: a ? { start: bytesToBase64(a.start), end: bytesToBase64(a.end) } : null,
    original: a ? { startLine: a.startLine, startColumn: a.startColumn, endLine: a.endLine, endColumn: a.endColumn } : null,
    resolved: false, resolvedBy: null, resolvedAt: null, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', comments: [], ...extra,
  };
}

function file(content: string) {
  const doc = new Y.Doc();
  const text = doc.getText('content');
  text.insert(0, content);
  return text;
}

describe('resolveThreads', () => {
  it('follows the code: five lines above move it down, typing inside grows it', () => {
    const text = file('l1\nl2\nline three\nl4\n');
    const thread = threadOn(text, 6, 16);
    text.insert(0, '1\n2\n3\n4\n5\n');
    text.insert(16 + 4, "X");
    const [v] = resolveThreads(text, [thread], ITEM, true);
    expect(v!.state).toBe('changed');
    expect(v!.range).toEqual({ startLineNumber: 8, startColumn: 1, endLineNumber: 8, endColumn: 12 });
    expect(v!.current).toBe('lineX three');
  });

  it('is pending before the sync, never orphaned; orphaned once its code is cut', () => {
    const text = file('keep\ncut me\nkeep\n');
    const thread = threadOn(text, 5, 11);
    expect(resolveThreads(text, [thread], ITEM, false)[0]!.state).toBe('pending');
    text.delete(5, 7);
    const [v] = resolveThreads(text, [thread], ITEM, true);
    expect(v!.state).toBe('orphaned');
    expect(v!.range!.startLineNumber).toBe(2);
  });

  it('ignores threads of other files and shows whole-file threads as file-level', () => {
    const text = file('x\n');
    const other = threadOn(text, 0, 1, { itemId: '00000000-0000-4000-8000-000000000002' });
    const whole = threadOn(null, 0, 0);
    const views = resolveThreads(text, [other, whole], ITEM, true);
    expect(views.map((v) => v.state)).toEqual(['file-level']);
  });
});
