import type { ClientMessage, ServerMessage } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { LanguageClient } from './language-client';
import { bindServerUndo } from './server-undo';

const MAIN = '00000000-0000-4000-8000-000000000001';
const UTIL = '00000000-0000-4000-8000-000000000002';

function setup() {
  const sent: ClientMessage[] = [];
  let deliver: (m: ServerMessage) => void = () => {};
  const client = new LanguageClient({ send: (m) => (sent.push(m), true), subscribe: (l) => ((deliver = l), () => {}) });
  client.listen();
  const doc = new Y.Doc();
  const text = doc.getText('content');
  const mine = {};
  const undoManager = new Y.UndoManager(text, { trackedOrigins: new Set([mine]), captureTimeout: 0 });
  let override: (() => boolean) | null = null;
  const unbind = bindServerUndo({ undoManager, setUndoOverride: (o) => (override = o) }, client, MAIN);
  // What own-undo.ts does on Ctrl+Z.
  const ctrlZ = () => (override?.() ? 'server' : (undoManager.undo(), 'local'));
  const type = (s: string) => doc.transact(() => text.insert(text.length, s), mine);
  const serverApplies = (editId: string) => {
    doc.transact(() => text.insert(0, '#'), 'remote');
    deliver({ type: 'lang.applied', editId, label: 'rename', files: [{ itemId: MAIN, path: 'main.py' }, { itemId: UTIL, path: 'util.py' }] });
  };
  return { sent, text, ctrlZ, type, serverApplies, undoManager, unbind, get override() { return override; } };
}

describe('bindServerUndo', () => {
  it('undoes type, rename, type as local, server (lang.undo), local', () => {
    const s = setup();
    s.type('a');
    s.serverApplies('r1');
    s.type('b');
    expect(s.ctrlZ()).toBe('local');
    expect(s.text.toString()).toBe('#a');
    expect(s.ctrlZ()).toBe('server');
    expect(s.sent.at(-1)).toEqual({ type: 'lang.undo', editId: 'r1' });
    expect(s.ctrlZ()).toBe('local');
    expect(s.text.toString()).toBe('#');
  });

  it('a redone local step is newer than the server edit again', () => {
    const s = setup();
    s.type('a');
    s.serverApplies('r1');
    s.undoManager.undo(); // takes back "a"… and redo brings it back, as the newest step
    s.undoManager.redo();
    expect(s.ctrlZ()).toBe('local');
    expect(s.ctrlZ()).toBe('server');
  });

  it('hands undo back to the local stack when unbound', () => {
    const s = setup();
    s.serverApplies('r1');
    s.unbind();
    expect(s.override).toBeNull();
  });
});
