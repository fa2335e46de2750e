/**
 * What the sync layer does when an update cannot be saved (update-acceptor.ts
 * `persistFailed` and `saveRefusal`), on a real server whose store or
 * database status the test replaces for a moment:
 * - a commit that fails closes every client of the document (4502 when the database
 *   is away) and forgets the document, so no one is told "saved" for what the log
 *   lacks; the clients' reconnects send it back, and it is saved;
 * - while the database is known to be away, an update is refused before it reaches
 *   anyone (4502), new sockets are refused, and HTTP writes answer 503.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseUnavailableError } from '@tandem/persistence';
import { CloseCode } from '@tandem/protocol';
import type { DatabaseStatus } from '../context';
import { NumberedEditor } from '../chaos/numbered-editor';
import { missing, storedDocument, tokens } from '../chaos/stored-document';
import { startTestServer, type TestServer } from '../testing/test-server';
import { insertItem, insertSharedWorkspace, type SharedWorkspace } from '../testing/sql-fixtures';
import { connectProvider, connectRaw, eventually, synced, syncUrl, type ProviderClient } from './sync-test-clients';

let server: TestServer;
let ws: SharedWorkspace;
const cleanup: Array<() => void> = [];

beforeAll(async () => {
  server = await startTestServer({ replicaFanout: false });
  ws = await insertSharedWorkspace(server.context.db);
});

afterEach(() => {
  for (const fn of cleanup.splice(0)) fn();
});

afterAll(async () => {
  await server?.stop();
});

function watcher(itemId: string): ProviderClient {
  const client = connectProvider(server.wsUrl, ws.workspaceId, itemId, ws.owner.token);
  cleanup.push(() => client.destroy());
  return client;
}

async function editor(itemId: string): Promise<NumberedEditor> {
  const e = await NumberedEditor.open(server.wsUrl, ws.workspaceId, itemId, ws.editor.token);
  cleanup.push(() => e.raw.ws.close());
  return e;
}

describe('an update that cannot be saved', () => {
  it('FAULT-1, FAULT-4, ACK-3: closes every client of its document when its commit fails, and the reconnects save it', async () => {
    const file = await insertItem(server.context.db, ws.workspaceId, { name: 'commit-fails.py' });
    const other = watcher(file.id);
    await synced(other);
    const typist = await editor(file.id);
    typist.type(5);
    await eventually(() => typist.acked() === 5, 'five acknowledged');

    const store = server.context.store;
    const append = store.append.bind(store);
    store.append = () => {
      store.append = append;
      return Promise.reject(new DatabaseUnavailableError('database_unavailable', 'connection terminated (test)'));
    };
    typist.type(1);
    expect(await typist.raw.closed).toBe(CloseCode.DATABASE_UNAVAILABLE);
    expect(typist.acked()).toBe(5);
    // It was relayed before its commit failed; the other client is closed too, and forgets nothing.
    await eventually(() => other.closeCodes.includes(CloseCode.DATABASE_UNAVAILABLE), 'the other client closed with 4502');
    expect(tokens(other.text.toString()).has(5)).toBe(true);

    // The document was reloaded from the log: whoever holds the update sends it back, and it is stored.
    await eventually(async () => tokens((await storedDocument(server.database.url, file.id)).text).has(5), 'the failed update saved after the reconnects');
    const back = typist.reconnect(server.wsUrl, ws.workspaceId);
    cleanup.push(() => back.destroy());
    await eventually(() => back.provider.synced, 'the sender back in sync');
    expect(missing(tokens((await storedDocument(server.database.url, file.id)).text), typist.typed)).toEqual([]);
  });

  it('FAULT-2, FAULT-3, FAULT-4: is refused before it reaches anyone while the database is known to be away (4502); HTTP writes answer 503', async () => {
    const file = await insertItem(server.context.db, ws.workspaceId, { name: 'database-away.py' });
    const other = watcher(file.id);
    await synced(other);
    const typist = await editor(file.id);
    typist.type(3);
    await eventually(() => typist.acked() === 3 && other.text.length > 0, 'three acknowledged and relayed');

    const real = server.context.database;
    const away: DatabaseStatus = { available: false, suspect: () => {} };
    server.context.database = away;
    try {
      typist.type(1);
      expect(await typist.raw.closed).toBe(CloseCode.DATABASE_UNAVAILABLE);
      await new Promise((r) => setTimeout(r, 100));
      expect(tokens(other.text.toString()).has(3)).toBe(false);

      const newcomer = connectRaw(syncUrl(server.wsUrl, ws.workspaceId, file.id, { token: ws.editor.token }));
      expect(await newcomer.closed).toBe(CloseCode.DATABASE_UNAVAILABLE);

      const put = await fetch(`${server.url}/api/workspaces/${ws.workspaceId}/files/database-away.py`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${ws.editor.token}` },
        body: 'replaced',
      });
      expect(put.status).toBe(503);
      expect(put.headers.get('retry-after')).toBe('2');
      expect((await put.json()).error.code).toBe('database_unavailable');

      const ready = await fetch(`${server.url}/api/health/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: 'unavailable', reason: 'database_unavailable' });
    } finally {
      server.context.database = real;
    }

    const back = typist.reconnect(server.wsUrl, ws.workspaceId);
    cleanup.push(() => back.destroy());
    await eventually(() => back.acked() >= 1, 'the refused update saved after the reconnect');
    expect(missing(tokens((await storedDocument(server.database.url, file.id)).text), typist.typed)).toEqual([]);
    await eventually(() => tokens(other.text.toString()).has(3), 'and relayed then');
  });
});
