/**
 * The file tree over real HTTP: create, nested paths, rename and move with their
 * descendants, recursive delete, name clashes (also concurrent), limits, tree
 * events, viewers read-only, and bad names answered with stable codes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TreeChange } from '@tandem/protocol';
import { insertMember, insertUser, type FixtureUser } from '../testing/sql-fixtures';
import { startTestServer, type TestServer } from '../testing/test-server';
import { client, type Call } from '../workspace/test-client';

let server: TestServer;
let owner: FixtureUser;
let asOwner: Call;
beforeAll(async () => {
  server = await startTestServer({ maxItemsPerWorkspace: 30 });
  owner = await insertUser(server.context.db);
  asOwner = client(server.url, owner.token);
});
afterAll(async () => {
  await server?.stop();
});

async function newWorkspace(): Promise<string> {
  return (await asOwner('POST', '/api/workspaces', { name: 'tree' })).body.workspace.id;
}

async function create(ws: string, name: string, type: 'file' | 'folder', parentId: string | null = null) {
  const res = await asOwner('POST', `/api/workspaces/${ws}/items`, { parentId, name, type });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.item as { id: string; path: string; parentId: string | null };
}

async function paths(ws: string): Promise<string[]> {
  return (await asOwner('GET', `/api/workspaces/${ws}/items`)).body.items.map((i: { path: string }) => i.path);
}

describe('items', () => {
  it('TREE-1: creates nested items with full paths and emits tree events', async () => {
    const ws = await newWorkspace();
    const events: TreeChange[] = [];
    const off = server.context.events.on('tree', (id, change) => id === ws && events.push(change));
    const src = await create(ws, 'src', 'folder');
    const lib = await create(ws, 'lib', 'folder', src.id);
    const file = await create(ws, 'util ü %_.py', 'file', lib.id);
    off();
    expect(file.path).toBe('src/lib/util ü %_.py');
    expect(await paths(ws)).toEqual(['main.py', 'src', 'src/lib', 'src/lib/util ü %_.py']);
    expect(events.map((e) => [e.kind, e.item.path])).toEqual([['created', 'src'], ['created', 'src/lib'], ['created', 'src/lib/util ü %_.py']]);
    const listed = (await asOwner('GET', `/api/workspaces/${ws}/items`)).body.items.find((i: { id: string }) => i.id === file.id);
    expect(listed).toMatchObject({ id: file.id, parentId: lib.id, name: 'util ü %_.py', type: 'file', size: 0, updatedAt: expect.any(String) });
  });

  it('TREE-2, TREE-3, TREE-5: renames and moves folders, rewriting every descendant path, naming who did it', async () => {
    const ws = await newWorkspace();
    const a = await create(ws, 'a', 'folder');
    const b = await create(ws, 'b', 'folder', a.id);
    await create(ws, 'x.txt', 'file', b.id);
    const other = await create(ws, 'other', 'folder');
    const events: TreeChange[] = [];
    const off = server.context.events.on('tree', (id, change) => id === ws && events.push(change));

    const renamed = await asOwner('PATCH', `/api/workspaces/${ws}/items/${a.id}`, { name: 'a2' });
    expect(renamed.status).toBe(200);
    expect(await paths(ws)).toEqual(['a2', 'a2/b', 'a2/b/x.txt', 'main.py', 'other']);
    const moved = await asOwner('PATCH', `/api/workspaces/${ws}/items/${b.id}`, { parentId: other.id, name: 'b2' });
    expect(moved.body.item).toMatchObject({ path: 'other/b2', parentId: other.id, name: 'b2' });
    expect(await paths(ws)).toEqual(['a2', 'main.py', 'other', 'other/b2', 'other/b2/x.txt']);
    const toTop = await asOwner('PATCH', `/api/workspaces/${ws}/items/${b.id}`, { parentId: null });
    expect(toTop.body.item.path).toBe('b2');
    expect(await paths(ws)).toEqual(['a2', 'b2', 'b2/x.txt', 'main.py', 'other']);
    off();
    const by = { id: owner.id, username: owner.username };
    expect(events).toEqual([
      { kind: 'renamed', item: expect.objectContaining({ path: 'a2' }), oldPath: 'a', by },
      { kind: 'moved', item: expect.objectContaining({ path: 'other/b2' }), oldPath: 'a2/b', by },
      { kind: 'moved', item: expect.objectContaining({ path: 'b2' }), oldPath: 'other/b2', by },
    ]);

    const intoItself = await asOwner('PATCH', `/api/workspaces/${ws}/items/${other.id}`, { parentId: other.id });
    expect([intoItself.status, intoItself.body.error.code]).toEqual([400, 'invalid_move']);
    const c = await create(ws, 'c', 'folder', other.id);
    const intoChild = await asOwner('PATCH', `/api/workspaces/${ws}/items/${other.id}`, { parentId: c.id });
    expect([intoChild.status, intoChild.body.error.code]).toEqual([400, 'invalid_move']);
  });

  it('TREE-5: deletes a folder with its whole subtree, one event naming who deleted it', async () => {
    const ws = await newWorkspace();
    const top = await create(ws, 'top', 'folder');
    const mid = await create(ws, 'mid', 'folder', top.id);
    await create(ws, 'leaf.py', 'file', mid.id);
    await create(ws, 'topper', 'file');
    const events: TreeChange[] = [];
    const off = server.context.events.on('tree', (id, change) => id === ws && events.push(change));
    expect((await asOwner('DELETE', `/api/workspaces/${ws}/items/${top.id}`)).status).toBe(204);
    off();
    expect(events).toEqual([{ kind: 'deleted', item: expect.objectContaining({ id: top.id, path: 'top' }), by: { id: owner.id, username: owner.username } }]);
    expect(await paths(ws)).toEqual(['main.py', 'topper']);
    expect((await asOwner('DELETE', `/api/workspaces/${ws}/items/${top.id}`)).body.error.code).toBe('item_not_found');
  });

  it('refuses a taken name with 409 name_taken, also when two creates race', async () => {
    const ws = await newWorkspace();
    const dup = await asOwner('POST', `/api/workspaces/${ws}/items`, { name: 'main.py', type: 'folder' });
    expect([dup.status, dup.body.error.code]).toEqual([409, 'name_taken']);
    const racing = await Promise.all(
      [1, 2, 3, 4].map(() => asOwner('POST', `/api/workspaces/${ws}/items`, { parentId: null, name: 'race.txt', type: 'file' })),
    );
    expect(racing.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    const f = await create(ws, 'f', 'folder');
    const clash = await asOwner('PATCH', `/api/workspaces/${ws}/items/${f.id}`, { name: 'race.txt' });
    expect([clash.status, clash.body.error.code]).toEqual([409, 'name_taken']);
  });

  it('caps the items of a workspace with 409 item_limit', async () => {
    const ws = await newWorkspace();
    for (let i = 1; i < 30; i++) await create(ws, `f${i}`, 'file');
    const res = await asOwner('POST', `/api/workspaces/${ws}/items`, { name: 'f30', type: 'file' });
    expect([res.status, res.body.error.code]).toEqual([409, 'item_limit']);
  });

  it('lets viewers read the tree but change nothing', async () => {
    const ws = await newWorkspace();
    const viewer = await insertUser(server.context.db);
    await insertMember(server.context.db, ws, viewer.id, 'viewer');
    const asViewer = client(server.url, viewer.token);
    expect((await asViewer('GET', `/api/workspaces/${ws}/items`)).status).toBe(200);
    const main = (await asViewer('GET', `/api/workspaces/${ws}/items`)).body.items[0];
    for (const [method, path, body] of [
      ['POST', `/api/workspaces/${ws}/items`, { name: 'x', type: 'file' }],
      ['PATCH', `/api/workspaces/${ws}/items/${main.id}`, { name: 'y' }],
      ['DELETE', `/api/workspaces/${ws}/items/${main.id}`, undefined],
    ] as const) {
      const res = await asViewer(method, path, body);
      expect([res.status, res.body.error.code]).toEqual([403, 'insufficient_role']);
    }
    expect(await paths(ws)).toEqual(['main.py']);
  });

  it('answers bad names and bodies with 4xx and a stable code', async () => {
    const ws = await newWorkspace();
    const other = await newWorkspace();
    const foreignFolder = await create(other, 'theirs', 'folder');
    const main = (await asOwner('GET', `/api/workspaces/${ws}/items`)).body.items[0];
    const deep = await create(ws, 'd'.repeat(255), 'folder');
    const items = `/api/workspaces/${ws}/items`;
    const cases: Array<[string, string, unknown, number, string]> = [
      ['POST', items, { name: '..', type: 'file' }, 400, 'invalid_name'],
      ['POST', items, { name: '.', type: 'folder' }, 400, 'invalid_name'],
      ['POST', items, { name: 'a/b', type: 'file' }, 400, 'invalid_name'],
      // A NUL anywhere in a JSON body is refused before the route sees it (server/src/http/nul-text.ts).
      ['POST', items, { name: 'nul\u0000', type: 'file' }, 400, 'invalid_text'],
      ['POST', items, { name: '', type: 'file' }, 400, 'invalid_name'],
      ['POST', items, { name: 'é'.repeat(128), type: 'file' }, 400, 'invalid_name'],
      // Names the environment cannot write (the executor's rule, shared).
      ['POST', items, { name: 'a\\b', type: 'file' }, 400, 'invalid_name'],
      ['POST', items, { name: 'tab\there', type: 'folder' }, 400, 'invalid_name'],
      ['POST', items, { name: 'C:x', type: 'file' }, 400, 'invalid_name'],
      ['POST', items, { name: '\uD800', type: 'file' }, 400, 'invalid_name'],
      ['POST', items, { name: 'x', type: 'symlink' }, 400, 'validation_failed'],
      ['POST', items, { type: 'file' }, 400, 'validation_failed'],
      ['POST', items, { name: 'x' }, 400, 'validation_failed'],
      ['POST', items, { name: 'x', type: 'file', parentId: 'nope' }, 400, 'validation_failed'],
      ['POST', items, { name: 'x', type: 'file', parentId: main.id }, 400, 'parent_not_folder'],
      ['POST', items, { name: 'x', type: 'file', parentId: foreignFolder.id }, 404, 'parent_not_found'],
      ['POST', items, '[', 400, 'invalid_json'],
      ['PATCH', `${items}/${main.id}`, {}, 400, 'validation_failed'],
      ['PATCH', `${items}/${main.id}`, { name: '../etc' }, 400, 'invalid_name'],
      ['PATCH', `${items}/${main.id}`, { name: 'a\\b' }, 400, 'invalid_name'],
      ['PATCH', `${items}/${main.id}`, { name: 'line\nbreak' }, 400, 'invalid_name'],
      ['PATCH', `${items}/${main.id}`, { parentId: foreignFolder.id }, 404, 'parent_not_found'],
      ['PATCH', `${items}/${foreignFolder.id}`, { name: 'stolen' }, 404, 'item_not_found'],
      ['DELETE', `${items}/${foreignFolder.id}`, undefined, 404, 'item_not_found'],
      ['DELETE', `${items}/not-an-id`, undefined, 404, 'item_not_found'],
    ];
    for (const [method, path, body, status, code] of cases) {
      const res = await asOwner(method, path, body);
      expect({ method, body, status: res.status, code: res.body?.error?.code }).toEqual({ method, body, status, code });
    }
    // A path over 1024 bytes, by nesting 255-byte folder names.
    let parent = deep;
    let tooLong: { status: number; body: any } | undefined;
    for (let i = 0; i < 20 && !tooLong; i++) {
      const res = await asOwner('POST', items, { parentId: parent.id, name: 'd'.repeat(255), type: 'folder' });
      if (res.status === 201) parent = res.body.item;
      else tooLong = res;
    }
    expect([tooLong?.status, tooLong?.body.error.code]).toEqual([400, 'invalid_path']);
    expect(await paths(other)).toEqual(['main.py', 'theirs']);
  });
});
