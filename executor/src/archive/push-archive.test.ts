import { mkdtemp, mkdir, readFile, readdir, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidPushPathError } from './errors';
import { applyPushArchive, buildPushArchive } from './push-archive';
import { writeTar } from './tar-writer';

let base: string;
let root: string;
let outside: string;

beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'tandem-push-'));
  root = join(base, 'root');
  outside = join(base, 'outside');
  await mkdir(root);
  await mkdir(outside);
});
afterEach(() => rm(base, { recursive: true, force: true }));

const read = (path: string) => readFile(join(root, path), 'utf8');

describe('push archives', () => {
  it('writes files, creates folders and leaves no staging behind', async () => {
    await applyPushArchive(
      await buildPushArchive([
        { kind: 'write', path: 'src/main.py', content: 'print("hi")\n' },
        { kind: 'mkdir', path: 'empty/inner' },
      ]),
      root,
    );
    expect(await read('src/main.py')).toBe('print("hi")\n');
    expect(await readdir(join(root, 'empty'))).toEqual(['inner']);
    expect((await readdir(root)).sort()).toEqual(['empty', 'src']);
  });

  it('gives pushed files a fresh modification time, so tools that compare times (.pyc, make) see the edit', async () => {
    await writeFile(join(root, 'main.py'), 'print(1)\n');
    const old = new Date(Date.now() - 3_600_000);
    await utimes(join(root, 'main.py'), old, old);
    await applyPushArchive(await buildPushArchive([{ kind: 'write', path: 'main.py', content: 'print(2)\n' }]), root);
    expect((await stat(join(root, 'main.py'))).mtimeMs).toBeGreaterThan(old.getTime() + 60_000);
  });

  it('propagates renames, deletions and a file that becomes a folder', async () => {
    await writeFile(join(root, 'old.py'), 'x');
    await writeFile(join(root, 'thing'), 'file');
    await mkdir(join(root, 'dir'));
    await writeFile(join(root, 'dir', 'a'), 'a');
    await applyPushArchive(
      await buildPushArchive([
        { kind: 'delete', path: 'old.py' },
        { kind: 'write', path: 'new.py', content: 'x' },
        { kind: 'delete', path: 'thing' },
        { kind: 'write', path: 'thing/inside.txt', content: 'now a folder' },
        { kind: 'delete', path: 'dir' },
      ]),
      root,
    );
    expect((await readdir(root)).sort()).toEqual(['new.py', 'thing']);
    expect(await read('thing/inside.txt')).toBe('now a folder');
  });

  it('replaces a file in place: readers see the old or the new content', async () => {
    await writeFile(join(root, 'a.txt'), 'old');
    await applyPushArchive(await buildPushArchive([{ kind: 'write', path: 'a.txt', content: 'new' }]), root);
    expect(await read('a.txt')).toBe('new');
  });

  it('refuses invalid paths when building', async () => {
    await expect(buildPushArchive([{ kind: 'write', path: '../x', content: '' }])).rejects.toBeInstanceOf(InvalidPushPathError);
    await expect(buildPushArchive([{ kind: 'delete', path: '/etc/passwd' }])).rejects.toBeInstanceOf(InvalidPushPathError);
  });

  it('never writes or deletes through a symlink a command planted in the workspace', async () => {
    await writeFile(join(outside, 'victim'), 'keep me');
    await symlink(outside, join(root, 'link'));
    await applyPushArchive(
      await buildPushArchive([
        { kind: 'delete', path: 'link/victim' },
        { kind: 'write', path: 'link/planted.txt', content: 'should stay inside' },
      ]),
      root,
    );
    expect(await readdir(outside)).toEqual(['victim']);
    expect(await read('link/planted.txt')).toBe('should stay inside');
  });

  it('never writes outside the root from a hand-made hostile push archive', async () => {
    const hostile = writeTar([
      { path: 'files/', type: 'Directory' },
      { path: 'files/../../outside/slip.txt', type: 'File', body: Buffer.from('slip') },
      { path: 'files/l', type: 'SymbolicLink', linkpath: outside },
      { path: 'files/l/through.txt', type: 'File', body: Buffer.from('through') },
      { path: 'deletes', type: 'File', body: Buffer.from('../outside/victim\0') },
    ]);
    await writeFile(join(outside, 'victim'), 'keep me');
    await applyPushArchive(hostile, root).catch(() => undefined);
    expect(await readdir(outside)).toEqual(['victim']);
    expect((await readdir(base)).sort()).toEqual(['outside', 'root']);
  });
});

describe('replacing push', () => {
  it('removes everything the server does not have', async () => {
    await writeFile(join(root, 'stale.txt'), 'x');
    await mkdir(join(root, 'stale-dir'));
    await applyPushArchive(await buildPushArchive([{ kind: 'write', path: 'kept.txt', content: 'k' }], { replace: true }), root);
    expect(await readdir(root)).toEqual(['kept.txt']);
  });
});
