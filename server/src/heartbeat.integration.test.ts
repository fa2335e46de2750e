/**
 * Liveness on the wire, without a browser (docs/protocols.md, BEAT-*): the server beats
 * every socket with a message the client's code sees and closes one that sends nothing
 * back, not even a pong, within about SILENT_CLIENT_MS; a stock y-websocket client,
 * whose WebSocket answers pings by itself, stays connected through many silences and
 * never meets a message it cannot read.
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CloseCode, HEARTBEAT_INTERVAL_MS, SILENT_CLIENT_MS, SYNC_HEARTBEAT } from '@tandem/protocol';
import { startTestServer, type TestServer } from './testing/test-server';
import { insertSharedWorkspace, type SharedWorkspace } from './testing/sql-fixtures';
import { encodeSyncStep1 } from './sync/protocol';
import { connectProvider, eventually, synced, syncUrl } from './sync/sync-test-clients';

let server: TestServer;
let ws: SharedWorkspace;

beforeAll(async () => {
  server = await startTestServer();
  ws = await insertSharedWorkspace(server.context.db);
});

afterAll(async () => {
  await server?.stop();
});

/** A client whose WebSocket does not answer pings: as the server sees a stalled network. */
function deafClient(url: string) {
  const socket = new WebSocket(url, { autoPong: false });
  const frames: Array<Buffer | string> = [];
  socket.on('message', (data: Buffer, isBinary) => frames.push(isBinary ? data : data.toString()));
  socket.on('error', () => {});
  const opened = new Promise<number>((resolve) => socket.once('open', () => resolve(performance.now())));
  const closed = new Promise<{ code: number; at: number }>((resolve) => socket.on('close', (code) => resolve({ code, at: performance.now() })));
  return { socket, frames, opened, closed };
}

// The silence is measured from the open; the bound leaves a sweep tick and a busy machine.
const WITHIN_MS = SILENT_CLIENT_MS + 3000;

describe('heartbeats', () => {
  it('BEAT-1, BEAT-2, BEAT-4, CLOSE-13: /sync beats with an empty awareness update and closes a client silent for SILENT_CLIENT_MS with 4408', async () => {
    const c = deafClient(syncUrl(server.wsUrl, ws.workspaceId, ws.file.id, { token: ws.editor.token }));
    const openedAt = await c.opened;
    // It asks for the document once, then says nothing more.
    c.socket.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
    const { code, at } = await c.closed;
    expect(code).toBe(CloseCode.HEARTBEAT_TIMEOUT);
    expect(at - openedAt).toBeGreaterThanOrEqual(SILENT_CLIENT_MS - 600);
    expect(at - openedAt).toBeLessThan(WITHIN_MS);
    expect(c.frames.some((f) => Buffer.isBuffer(f) && f.equals(Buffer.from(SYNC_HEARTBEAT)))).toBe(true);
  }, 20_000);

  it('BEAT-1, BEAT-3, BEAT-4: /ws beats with {type:"heartbeat"} and closes a silent client with 4408', async () => {
    const c = deafClient(`${server.wsUrl}/ws/${ws.workspaceId}?token=${ws.editor.token}`);
    const openedAt = await c.opened;
    const { code, at } = await c.closed;
    expect(code).toBe(CloseCode.HEARTBEAT_TIMEOUT);
    expect(at - openedAt).toBeLessThan(WITHIN_MS);
    expect(c.frames.filter((f) => f === '{"type":"heartbeat"}').length).toBeGreaterThanOrEqual(1);
  }, 20_000);

  it('BEAT-1, BEAT-3, BEAT-4: /notifications beats too and closes a silent client with 4408', async () => {
    const c = deafClient(`${server.wsUrl}/notifications?token=${ws.editor.token}`);
    const openedAt = await c.opened;
    const { code, at } = await c.closed;
    expect(code).toBe(CloseCode.HEARTBEAT_TIMEOUT);
    expect(at - openedAt).toBeLessThan(WITHIN_MS);
    expect(c.frames).toContain('{"type":"heartbeat"}');
  }, 20_000);

  it('BEAT-2, BEAT-4: a stock y-websocket client answers the pings, reads every beat and keeps syncing through long silences', async () => {
    const errors = vi.spyOn(console, 'error');
    const a = connectProvider(server.wsUrl, ws.workspaceId, ws.file.id, ws.owner.token);
    const b = connectProvider(server.wsUrl, ws.workspaceId, ws.file.id, ws.editor.token);
    try {
      await Promise.all([synced(a), synced(b)]);
      // Both quiet for more than two silences' worth of beats.
      await new Promise((r) => setTimeout(r, 2 * SILENT_CLIENT_MS + HEARTBEAT_INTERVAL_MS));
      expect(a.closeCodes).toEqual([]);
      expect(b.closeCodes).toEqual([]);
      a.text.insert(0, 'still here; ');
      await eventually(() => b.text.toString().startsWith('still here; '), 'the edit after the silence');
      expect(errors.mock.calls.flat().join(' ')).not.toContain('Unable to compute message');
    } finally {
      errors.mockRestore();
      a.destroy();
      b.destroy();
    }
  }, 30_000);
});
