import type { ClientMessage, ServerMessage } from '@tandem/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LanguageClient, type CancelSignal } from './language-client';

const ITEM = '00000000-0000-4000-8000-000000000001';
const OTHER = '00000000-0000-4000-8000-000000000002';

function fakePort(open = true) {
  const sent: ClientMessage[] = [];
  let listener: ((m: ServerMessage) => void) | null = null;
  const port = {
    open,
    send: (m: ClientMessage) => (port.open ? (sent.push(m), true) : false),
    subscribe: (l: (m: ServerMessage) => void) => ((listener = l), () => (listener = null)),
    deliver: (m: ServerMessage) => listener?.(m),
    sent,
  };
  return port;
}

function token() {
  const listeners: Array<() => void> = [];
  const signal: CancelSignal & { cancel(): void } = {
    isCancellationRequested: false,
    onCancellationRequested: (l) => (listeners.push(l), { dispose: () => listeners.splice(listeners.indexOf(l), 1) }),
    cancel() {
      (this as { isCancellationRequested: boolean }).isCancellationRequested = true;
      for (const l of [...listeners]) l();
    },
  };
  return signal;
}

afterEach(() => vi.useRealTimers());

function listening(client: LanguageClient) {
  client.listen();
  return client;
}

describe('LanguageClient', () => {
  it('opens a file once however many editors show it, closes it with the last, and opens again after a reconnect', () => {
    const port = fakePort();
    const client = listening(new LanguageClient(port));
    const a = client.open(ITEM);
    const b = client.open(ITEM);
    expect(port.sent).toEqual([{ type: 'lang.open', itemId: ITEM }]);
    a();
    a();
    expect(port.sent).toHaveLength(1);
    client.connectionChanged(true);
    expect(port.sent.at(-1)).toEqual({ type: 'lang.open', itemId: ITEM });
    b();
    expect(port.sent.at(-1)).toEqual({ type: 'lang.close', itemId: ITEM });
  });

  it('numbers requests and hands each answer to its asker', async () => {
    const port = fakePort();
    const client = listening(new LanguageClient(port));
    const hover = client.request('hover', { itemId: ITEM, position: 'AA==' });
    const completion = client.request('completion', { itemId: ITEM, position: 'AA==' });
    expect(port.sent.map((m) => m.type === 'lang.request' && [m.id, m.method])).toEqual([[1, 'hover'], [2, 'completion']]);
    port.deliver({ type: 'lang.result', id: 2, ok: true, result: { isIncomplete: false, items: [] } });
    port.deliver({ type: 'lang.result', id: 1, ok: false, code: 'cancelled', message: 'superseded' });
    await expect(completion).resolves.toEqual({ ok: true, result: { isIncomplete: false, items: [] } });
    await expect(hover).resolves.toEqual({ ok: false, code: 'cancelled', message: 'superseded' });
  });

  it('sends lang.cancel when the editor gives up, and answers at once', async () => {
    const port = fakePort();
    const client = listening(new LanguageClient(port));
    const t = token();
    const answer = client.request('hover', { itemId: ITEM }, t);
    t.cancel();
    await expect(answer).resolves.toMatchObject({ ok: false, code: 'cancelled' });
    expect(port.sent.at(-1)).toEqual({ type: 'lang.cancel', id: 1 });
    // The late answer is dropped.
    port.deliver({ type: 'lang.result', id: 1, ok: true, result: null });
  });

  it('answers not ok when offline, when the socket drops, and after the timeout', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const port = fakePort(false);
    const client = listening(new LanguageClient(port, 1000));
    await expect(client.request('hover', { itemId: ITEM })).resolves.toMatchObject({ ok: false, code: 'offline' });
    port.open = true;
    const dropped = client.request('hover', { itemId: ITEM });
    client.connectionChanged(false);
    await expect(dropped).resolves.toMatchObject({ ok: false, code: 'disconnected' });
    const unheard = new LanguageClient(port);
    const stop = unheard.listen();
    const left = unheard.request('hover', { itemId: ITEM });
    stop();
    await expect(left).resolves.toMatchObject({ ok: false, code: 'disconnected' });
    const slow = client.request('definition', { itemId: ITEM });
    vi.advanceTimersByTime(1000);
    await expect(slow).resolves.toMatchObject({ ok: false, code: 'timeout' });
    expect(port.sent.at(-1)).toMatchObject({ type: 'lang.cancel' });
  });

  it('keeps the latest diagnostics of an open file, newest version first, and none of a closed one', () => {
    const port = fakePort();
    const client = listening(new LanguageClient(port));
    const release = client.open(ITEM);
    const seen: number[] = [];
    port.deliver({ type: 'lang.diagnostics', itemId: ITEM, version: 2, diagnostics: [] });
    port.deliver({ type: 'lang.diagnostics', itemId: OTHER, version: 9, diagnostics: [] });
    const off = client.onDiagnostics(ITEM, (m) => seen.push(m.version));
    port.deliver({ type: 'lang.diagnostics', itemId: ITEM, version: 1, diagnostics: [] });
    port.deliver({ type: 'lang.diagnostics', itemId: ITEM, version: 3, diagnostics: [] });
    expect(seen).toEqual([2, 3]);
    off();
    release();
    const later: number[] = [];
    client.onDiagnostics(ITEM, (m) => later.push(m.version));
    expect(later).toEqual([]);
  });

  it('tells of status changes and keeps the last, and logs applied edits for undo', () => {
    const port = fakePort();
    const client = listening(new LanguageClient(port));
    let calls = 0;
    client.onStatus(() => calls++);
    port.deliver({ type: 'lang.status', state: 'ready', missing: ['ruff: formatting'] });
    expect(calls).toBe(1);
    expect(client.status).toMatchObject({ state: 'ready', missing: ['ruff: formatting'] });
    port.deliver({ type: 'lang.applied', editId: 'e1', label: 'rename', files: [{ itemId: ITEM, path: 'a.py' }, { itemId: OTHER, path: 'b.py' }] });
    expect(client.serverEdits.forFile(OTHER).map((e) => e.editId)).toEqual(['e1']);
    expect(client.undo('e1')).toBe(true);
    expect(port.sent.at(-1)).toEqual({ type: 'lang.undo', editId: 'e1' });
    expect(client.serverEdits.forFile(ITEM)).toEqual([]);
    const failures: string[] = [];
    client.onUndoFailed((m) => failures.push(m));
    port.deliver({ type: 'error', code: 'not_undoable', message: 'Could not undo the edit in b.py' });
    port.deliver({ type: 'error', code: 'rate_limited', message: 'slow down' });
    expect(failures).toEqual(['Could not undo the edit in b.py']);
  });
});
