/**
 * Sockets are upgraded at once and admitted after authentication (admission.ts):
 * what a client sends before it is admitted is handled, in order, once it is, and a
 * refused socket gets its close code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { insertUser, insertWorkspace, type FixtureUser } from '../testing/sql-fixtures';
import { startTestServer, type TestServer } from '../testing/test-server';

let server: TestServer;
let owner: FixtureUser;
let workspaceId: string;

beforeAll(async () => {
  server = await startTestServer();
  owner = await insertUser(server.context.db);
  workspaceId = await insertWorkspace(server.context.db, owner.id);
});
afterAll(() => server?.stop());

describe('admission after the upgrade', () => {
  it('WS-2, WS-5: handles messages sent before admission, in order, after the hello', async () => {
    const ws = new WebSocket(`${server.wsUrl}/ws/${workspaceId}?token=${owner.token}`);
    const got: Array<{ type: string; code?: string; ref?: number }> = [];
    ws.on('open', () => {
      // Sent at once: the server is still authenticating this socket.
      ws.send(JSON.stringify({ type: 'no.such.type', ref: 1 }));
      ws.send(JSON.stringify({ type: 'no.such.type', ref: 2 }));
    });
    await new Promise<void>((resolve) =>
      ws.on('message', (data) => {
        got.push(JSON.parse(String(data)));
        if (got.filter((m) => m.type === 'error').length === 2) resolve();
      }),
    );
    ws.close();
    expect(got[0]!.type).toBe('hello');
    expect(got.filter((m) => m.type === 'error').map((m) => [m.ref, m.code])).toEqual([
      [1, 'unknown_type'],
      [2, 'unknown_type'],
    ]);
  });

  it('CLOSE-2: closes a refused socket with its code and never handles what it sent', async () => {
    const ws = new WebSocket(`${server.wsUrl}/ws/${workspaceId}?token=tdm_not-a-real-token`);
    const messages: string[] = [];
    ws.on('open', () => ws.send(JSON.stringify({ type: 'presence.focus', itemId: null })));
    ws.on('message', (data) => messages.push(String(data)));
    const code = await new Promise<number>((resolve) => ws.on('close', (c) => resolve(c)));
    expect(code).toBe(4401);
    expect(messages).toEqual([]);
  });
});
