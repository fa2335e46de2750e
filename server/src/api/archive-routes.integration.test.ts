/**
 * Workspaces in and out as archives, against a real server: download and re-import
 * give the same files and contents in both formats; every hostile archive is refused
 * with its code and leaves no workspace behind; who may download; the limits.
 */
import { gzipSync } from 'node:zlib';
import { writeTar } from '@tandem/executor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeZipFixture } from '../archive/zip-fixture';
import { insertSharedWorkspace, insertUser, type FixtureUser } from '../testing/sql-fixtures';
import { startTestServer, type TestServer } from '../testing/test-server';
import { client, type Call } from '../workspace/test-client';
import { documentValidator } from './openapi-test-validator';

let server: TestServer;
let alice: FixtureUser;
let asAlice: Call;
const MAX_ITEMS = 40;

beforeAll(async () => {
  server = await startTestServer({ maxItemsPerWorkspace: MAX_ITEMS });
  alice = await insertUser(server.context.db);
  asAlice = client(server.url, alice.token);
});
afterAll(async () => {
  await server?.stop();
});

async function download(id: string, format: string, token = alice.token) {
  const res = await fetch(`${server.url}/api/workspaces/${id}/archive?format=${encodeURIComponent(format)}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

const upload = (bytes: Buffer, name = 'imported', token = alice.token) =>
  client(server.url, token)('POST', `/api/workspaces/import?name=${encodeURIComponent(name)}`, bytes, { 'content-type': 'application/octet-stream' });

/** Every item's path, and each file's text. */
async function contents(id: string, call: Call = asAlice): Promise<Record<string, string | null>> {
  const items = (await call('GET', `/api/workspaces/${id}/items`)).body.items as Array<{ path: string; type: string }>;
  const out: Record<string, string | null> = {};
  for (const item of items) out[item.path] = item.type === 'folder' ? null : (await call('GET', `/api/workspaces/${id}/files/${item.path.split('/').map(encodeURIComponent).join('/')}`)).text;
  return out;
}

const workspaceCount = async (userId: string) =>
  Number((await server.context.db.raw.query<{ n: string }>('SELECT count(*) AS n FROM workspaces WHERE owner_id = $1', [userId])).rows[0]!.n);

describe('download and re-import', () => {
  for (const format of ['zip', 'tar.gz']) {
    it(`${format}: same files, same contents, empty folders kept; the importer owns the copy`, async () => {
      const id = (await asAlice('POST', '/api/workspaces', { name: `Round trip ${format}` })).body.workspace.id as string;
      for (const [path, text] of [
        ['src/app.py', 'import util\nprint(util.greet("wörld"))\n'],
        ['src/util.py', 'def greet(n):\n    return f"hi {n}"\n'],
        ['docs/notes/read me.md', '# Notes\n\ttabs, emoji 🎉, CRLF\r\nend'],
        ['.tandemignore', '*.log\n'],
        ['empty.txt', ''],
      ]) {
        expect((await asAlice('PUT', `/api/workspaces/${id}/files/${path!.split('/').map(encodeURIComponent).join('/')}`, text)).status).toBe(201);
      }
      expect((await asAlice('POST', `/api/workspaces/${id}/items`, { name: 'empty-folder', type: 'folder' })).status).toBe(201);
      const before = await contents(id);

      const archive = await download(id, format);
      expect(archive.status).toBe(200);
      expect(archive.headers.get('content-type')).toBe(format === 'zip' ? 'application/zip' : 'application/gzip');
      expect(archive.headers.get('content-disposition')).toBe(`attachment; filename="Round trip ${format}.${format}"; filename*=UTF-8''Round%20trip%20${format}.${format}`);
      expect(archive.headers.get('x-tandem-left-out')).toBe('0');

      const imported = await upload(archive.bytes, `Copy ${format}`);
      expect(imported.status).toBe(201);
      expect(imported.body).toMatchObject({ workspace: { name: `Copy ${format}`, role: 'owner', owner: { id: alice.id } }, files: 6, folders: 4, skipped: [], skippedCount: 0 });
      expect(await contents(imported.body.workspace.id)).toEqual(before);
      const doc = documentValidator(await (await fetch(`${server.url}/api/openapi.json`)).json());
      expect(doc.errors(doc.responseSchema('post', '/api/workspaces/import', 201), imported.body)).toBeNull();
    });
  }

  it('lets members download (the reviewer too: access-control.integration.test.ts); a non-member gets 404, as for no workspace', async () => {
    const f = await insertSharedWorkspace(server.context.db);
    for (const who of [f.owner, f.editor, f.viewer]) expect((await download(f.workspaceId, 'zip', who.token)).status).toBe(200);
    const outsider = await download(f.workspaceId, 'zip', f.outsider.token);
    expect(outsider.status).toBe(404);
    expect(JSON.parse(outsider.bytes.toString()).error.code).toBe('workspace_not_found');
    expect((await fetch(`${server.url}/api/workspaces/${f.workspaceId}/archive`)).status).toBe(401);
    const bad = await download(f.workspaceId, 'rar', f.owner.token);
    expect([bad.status, JSON.parse(bad.bytes.toString()).error.code]).toEqual([400, 'validation_failed']);
  });

  it('leaves out binary files a command wrote (the server holds no bytes for them) and says how many', async () => {
    const id = (await asAlice('POST', '/api/workspaces', { name: 'binaries' })).body.workspace.id as string;
    const run = await asAlice('POST', `/api/workspaces/${id}/run`, { command: "printf 'PNG\\000\\001' > logo.png; echo text > notes.txt" });
    expect(run.status).toBe(200);
    expect(Object.keys(await contents(id)).sort()).toEqual(['logo.png', 'main.py', 'notes.txt']);
    const archive = await download(id, 'zip');
    expect(archive.headers.get('x-tandem-left-out')).toBe('1');
    const copy = await upload(archive.bytes, 'binaries copy');
    expect(Object.keys(await contents(copy.body.workspace.id)).sort()).toEqual(['main.py', 'notes.txt']);
  }, 60_000);
});

describe('import refuses hostile archives, all or nothing', () => {
  const tarGz = (entries: Parameters<typeof writeTar>[0]) => gzipSync(writeTar(entries));
  const ok = { name: 'fine.txt', data: 'fine' };
  const cases: Array<[string, () => Buffer, number, string]> = [
    ['path traversal', () => writeZipFixture([ok, { name: '../../escape.txt', data: 'x' }]), 400, 'archive_unsafe_path'],
    ['an absolute path', () => tarGz([{ path: 'fine.txt', type: 'File', body: Buffer.from('x') }, { path: '/etc/cron.d/x', type: 'File', body: Buffer.from('x') }]), 400, 'archive_unsafe_path'],
    ['backslashes', () => writeZipFixture([ok, { name: '..\\..\\escape.txt', data: 'x' }]), 400, 'archive_unsafe_path'],
    ['a drive letter', () => writeZipFixture([ok, { name: 'C:/Windows/x', data: 'x' }]), 400, 'archive_unsafe_path'],
    ['a device file', () => tarGz([{ path: 'fine.txt', type: 'File', body: Buffer.from('x') }, { path: 'null', type: 'CharacterDevice' }]), 400, 'archive_special_file'],
    ['a duplicate path', () => writeZipFixture([ok, { name: 'fine.txt', data: 'other' }]), 400, 'archive_duplicate_path'],
    ['a name the tree refuses', () => writeZipFixture([ok, { name: 'bad\u0007name', data: 'x' }]), 400, 'archive_invalid_name'],
    ['too many files', () => writeZipFixture(Array.from({ length: MAX_ITEMS + 1 }, (_, i) => ({ name: `f${i}.txt`, data: 'x' }))), 413, 'archive_too_many_entries'],
    ['a file over the file size limit', () => writeZipFixture([ok, { name: 'big.txt', data: 'a'.repeat(8 * 1024 * 1024 + 1) }]), 413, 'archive_file_too_large'],
    // 20 entries share one 7 MiB body: 140 MiB inflated from a few KiB.
    ['a zip bomb', () => writeZipFixture([{ name: 'b0.txt', data: 'a'.repeat(7 << 20) }, ...Array.from({ length: 19 }, (_, i) => ({ name: `b${i + 1}.txt`, sameBodyAs: 0 }))]), 413, 'archive_too_large'],
    ['a header that understates', () => writeZipFixture([{ name: 'liar.txt', data: 'a'.repeat(1 << 20), declaredSize: 100 }]), 400, 'archive_corrupt'],
    ['a gzip bomb', () => gzipSync(Buffer.alloc(129 << 20)), 413, 'archive_too_large'],
    ['a corrupt archive', () => writeZipFixture([ok]).subarray(0, 40), 400, 'archive_corrupt'],
    ['not an archive', () => Buffer.from('just some text'), 415, 'archive_unsupported_type'],
  ];

  it.each(cases)('%s', async (_what, build, status, code) => {
    const before = await workspaceCount(alice.id);
    const res = await upload(build(), 'hostile');
    expect([res.status, res.body?.error?.code]).toEqual([status, code]);
    const doc = documentValidator(await (await fetch(`${server.url}/api/openapi.json`)).json());
    expect(doc.errors(doc.responseSchema('post', '/api/workspaces/import', status), res.body)).toBeNull();
    expect(await workspaceCount(alice.id)).toBe(before);
  }, 30_000);

  it('refuses an upload over 32 MiB before reading it', async () => {
    const res = await upload(Buffer.alloc(32 * 1024 * 1024 + 1));
    expect([res.status, res.body.error.code]).toEqual([413, 'payload_too_large']);
  });

  it('skips and reports links and ignored names, never following a link', async () => {
    const res = await upload(
      tarGz([
        { path: 'etc', type: 'SymbolicLink', linkpath: '/etc' },
        { path: 'etc/passwd', type: 'File', body: Buffer.from('root') },
        { path: 'hard', type: 'Link', linkpath: '/etc/shadow' },
        { path: 'node_modules/left-pad/index.js', type: 'File', body: Buffer.from('x') },
        { path: '.git/HEAD', type: 'File', body: Buffer.from('ref') },
        { path: 'app.js', type: 'File', body: Buffer.from('console.log(1)\n') },
      ]),
      'links',
    );
    expect(res.status).toBe(201);
    expect(res.body.skipped).toEqual([
      { path: 'etc', reason: 'symlink' },
      { path: 'hard', reason: 'hard-link' },
      { path: 'etc/passwd', reason: 'under-link' },
      { path: '.git', reason: 'ignored' },
      { path: 'node_modules', reason: 'ignored' },
    ]);
    expect(await contents(res.body.workspace.id)).toEqual({ 'app.js': 'console.log(1)\n' });
  });

  it('needs a signed-in user and a name; refuses past the workspace limit', async () => {
    const archive = writeZipFixture([ok]);
    expect((await client(server.url)('POST', '/api/workspaces/import?name=x', archive)).status).toBe(401);
    const unnamed = await asAlice('POST', '/api/workspaces/import', archive);
    expect([unnamed.status, unnamed.body.error.code]).toEqual([400, 'validation_failed']);
    const bob = await insertUser(server.context.db);
    await server.context.db.raw.query(
      `INSERT INTO workspaces (owner_id, name, language) SELECT $1, 'w' || g, 'python' FROM generate_series(1, $2::int) g`,
      [bob.id, server.context.config.maxWorkspacesPerUser],
    );
    const full = await upload(archive, 'one too many', bob.token);
    expect([full.status, full.body.error.code]).toEqual([409, 'workspace_limit']);
  });
});
