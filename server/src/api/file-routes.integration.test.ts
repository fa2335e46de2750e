/**
 * Files by path over real HTTP, with a stock y-websocket client on the same file:
 * PUT creates missing folders, then diff-applies to the live document (the client
 * sees it live, keeps its cursor and its concurrent insert); GET, DELETE; bad paths,
 * bad encodings and oversized bodies answered with stable codes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { TreeChange } from '@tandem/protocol';
import { insertUser, type FixtureUser } from '../testing/sql-fixtures';
import { startTestServer, type TestServer } from '../testing/test-server';
import { client, rawRequest, type Call } from '../workspace/test-client';

let server: TestServer;
let owner: FixtureUser;
let asOwner: Call;
let ws: string;
beforeAll(async () => {
  server = await startTestServer({ maxFileBytes: 4096 });
  owner = await insertUser(server.context.db);
  asOwner = client(server.url, owner.token);
  ws = (await asOwner('POST', '/api/workspaces', { name: 'files' })).body.workspace.id;
});
afterAll(async () => {
  await server?.stop();
});

const file = (path: string) => `/api/workspaces/${ws}/files/${path}`;

function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      if (check()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 10);
    };
    tick();
  });
}

describe('files by path', () => {
  it('PUT creates the file and missing folders, GET reads it, DELETE removes it', async () => {
    const events: TreeChange[] = [];
    const off = server.context.events.on('tree', (id, change) => id === ws && events.push(change));
    const put = await asOwner('PUT', file('src/app/hello.py'), 'print("hi")\n', { 'content-type': 'application/octet-stream' });
    expect(put.status).toBe(201);
    expect(put.body).toEqual({ created: true, item: expect.objectContaining({ path: 'src/app/hello.py', type: 'file', name: 'hello.py' }) });
    const tree = (await asOwner('GET', `/api/workspaces/${ws}/items`)).body.items;
    expect(tree.map((i: { path: string; type: string }) => `${i.type}:${i.path}`)).toEqual(['file:main.py', 'folder:src', 'folder:src/app', 'file:src/app/hello.py']);
    expect((await asOwner('GET', file('src/app/hello.py'))).text).toBe('print("hi")\n');

    const again = await asOwner('PUT', file('src/app/hello.py'), 'print("hello")\n');
    expect([again.status, again.body.created, again.body.item.size]).toEqual([200, false, 15]);
    expect((await asOwner('GET', file('src/app/hello.py'))).text).toBe('print("hello")\n');
    expect((await asOwner('PUT', file('src/app/empty.txt'), '')).status).toBe(201);
    expect((await asOwner('GET', file('src/app/empty.txt'))).text).toBe('');

    expect((await asOwner('DELETE', file('src/app/hello.py'))).status).toBe(204);
    const gone = await asOwner('GET', file('src/app/hello.py'));
    expect([gone.status, gone.body.error.code]).toEqual([404, 'file_not_found']);
    off();
    expect(events.map((e) => `${e.kind}:${e.item.path}`)).toEqual([
      'created:src', 'created:src/app', 'created:src/app/hello.py', 'updated:src/app/hello.py', 'created:src/app/empty.txt', 'deleted:src/app/hello.py',
    ]);
  });

  it('percent-decodes names, so any valid name round-trips', async () => {
    const name = 'weird name #1 ü%.txt';
    const put = await asOwner('PUT', file(`docs/${encodeURIComponent(name)}`), 'ok');
    expect(put.body.item.path).toBe(`docs/${name}`);
    expect((await asOwner('GET', file(`docs/${encodeURIComponent(name)}`))).text).toBe('ok');
  });

  it('PUT diff-applies to the live document: the client sees it, keeps its cursor and its concurrent insert', async () => {
    await asOwner('PUT', file('live.txt'), 'hello\nworld\n');
    const itemId = (await asOwner('GET', `/api/workspaces/${ws}/items`)).body.items.find((i: { path: string }) => i.path === 'live.txt').id;
    const doc = new Y.Doc();
    const text = doc.getText('content');
    const provider = new WebsocketProvider(`${server.wsUrl}/sync/${ws}`, itemId, doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      params: { token: owner.token },
      disableBc: true,
    });
    try {
      await until(() => provider.synced && text.toString() === 'hello\nworld\n', 'sync');
      const cursor = Y.createRelativePositionFromTypeIndex(text, text.toString().indexOf('world'));

      expect((await asOwner('PUT', file('live.txt'), 'hello there\nworld\n')).status).toBe(200);
      await until(() => text.toString() === 'hello there\nworld\n', 'the PUT to reach the client');
      expect(Y.createAbsolutePositionFromRelativePosition(cursor, doc)?.index).toBe('hello there\n'.length);

      // Typing the server has not seen yet (offline), while a script replaces another line.
      provider.disconnect();
      text.insert(0, '# typed\n');
      expect((await asOwner('PUT', file('live.txt'), 'hello there\nwide world\n')).status).toBe(200);
      provider.connect();
      await until(() => text.toString() === '# typed\nhello there\nwide world\n', 'the client and server to merge');
      const served = async () => (await asOwner('GET', file('live.txt'))).text;
      let last = '';
      for (let i = 0; i < 200 && last !== '# typed\nhello there\nwide world\n'; i++) {
        last = await served();
        if (last !== '# typed\nhello there\nwide world\n') await new Promise((r) => setTimeout(r, 10));
      }
      expect(last).toBe('# typed\nhello there\nwide world\n');
    } finally {
      provider.destroy();
      doc.destroy();
    }
  });

  it('answers folders, files in the way, bad paths, bad encodings and big bodies with stable codes', async () => {
    await asOwner('PUT', file('dir/inner.txt'), 'x');
    const cases: Array<[string, string, string | Buffer | undefined, number, string]> = [
      ['GET', file('dir'), undefined, 409, 'is_a_folder'],
      ['PUT', file('dir'), 'x', 409, 'is_a_folder'],
      ['DELETE', file('dir'), undefined, 409, 'is_a_folder'],
      ['PUT', file('dir/inner.txt/below.txt'), 'x', 409, 'not_a_folder'],
      ['GET', file('nothing.txt'), undefined, 404, 'file_not_found'],
      ['DELETE', file('nothing.txt'), undefined, 404, 'file_not_found'],
      ['PUT', file('bin.dat'), Buffer.from([0x68, 0xff, 0xfe, 0x00]), 400, 'invalid_encoding'],
      ['PUT', file('big.txt'), 'x'.repeat(5000), 413, 'payload_too_large'],
      ['PUT', file('a%2Fb'), 'x', 400, 'invalid_path'],
      ['PUT', file('a%00b'), 'x', 400, 'invalid_name'],
      ['PUT', file(`${'p/'.repeat(512)}x`), 'x', 400, 'invalid_path'],
      ['PUT', file('x'.repeat(256)), 'x', 400, 'invalid_name'],
      // Names the environment cannot write (the executor's rule, shared): refused before anything is created.
      ['PUT', file('a%5Cb'), 'x', 400, 'invalid_name'],
      ['PUT', file('newdir/a%5Cb.txt'), 'x', 400, 'invalid_name'],
      ['PUT', file('tab%09name'), 'x', 400, 'invalid_name'],
      ['PUT', file('C%3Ax'), 'x', 400, 'invalid_name'],
      ['GET', file('a%5Cb'), undefined, 400, 'invalid_name'],
      ['GET', file(''), undefined, 400, 'invalid_path'],
    ];
    for (const [method, path, body, status, code] of cases) {
      const res = await asOwner(method, path, body);
      expect({ method, path: path.slice(0, 80), status: res.status, code: res.body?.error?.code }).toEqual({ method, path: path.slice(0, 80), status, code });
    }
    // Paths `fetch` would normalise: sent verbatim.
    for (const raw of ['../x', '%2E%2E/x', 'a/%2e/b', 'a/../../x', './x', 'a//b', '/etc/passwd', 'a/', '.', 'a/./b']) {
      const res = await rawRequest(server.url, 'PUT', `/api/workspaces/${ws}/files/${raw}`, owner.token, 'x');
      expect({ raw, status: res.status, code: res.body?.error?.code }).toEqual({ raw, status: 400, code: 'invalid_path' });
    }
    const tree = (await asOwner('GET', `/api/workspaces/${ws}/items`)).body.items.map((i: { path: string }) => i.path);
    expect(tree.some((p: string) => p.includes('..') || p === 'x' || p.startsWith('etc') || p.includes('\\') || p.startsWith('newdir'))).toBe(false);
  });
});
