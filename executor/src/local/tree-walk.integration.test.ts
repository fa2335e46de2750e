import { link, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PullRejectedError, STAGING_PREFIX } from '../archive';
import { walkTree, type WalkCache } from './tree-walk';

let root: string;
let outside: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'tandem-walk-'));
  outside = await mkdtemp(join(tmpdir(), 'tandem-outside-'));
  await writeFile(join(outside, 'secret.txt'), 'host secret');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

describe('walkTree', () => {
  it('lists folders and text files, and lists binary and large files without loading them', async () => {
    await mkdir(join(root, 'src/lib'), { recursive: true });
    await writeFile(join(root, 'src/lib/a.py'), 'print(1)\n');
    await writeFile(join(root, 'image.bin'), Buffer.from([0x89, 0x50, 0x00, 0x01]));
    await writeFile(join(root, 'big.txt'), 'x'.repeat(2000));
    const tree = await walkTree(root, { limits: { maxFileBytes: 1000 } });
    expect(Object.fromEntries(tree)).toEqual({
      src: { type: 'folder' },
      'src/lib': { type: 'folder' },
      'src/lib/a.py': { type: 'file', content: 'print(1)\n', size: 9 },
      'image.bin': { type: 'unloaded', size: 4, reason: 'binary' },
      'big.txt': { type: 'unloaded', size: 2000, reason: 'too-large' },
    });
  });

  it('never follows links, and skips hard links, FIFOs and our own staging folders', async () => {
    await symlink(outside, join(root, 'escape'));
    await symlink(join(outside, 'secret.txt'), join(root, 'secret-link.txt'));
    await link(join(outside, 'secret.txt'), join(root, 'hard.txt')).catch(() => writeFile(join(root, 'hard.txt'), 'x'));
    execFileSync('mkfifo', [join(root, 'pipe')]);
    await mkdir(join(root, `${STAGING_PREFIX}abc`));
    await writeFile(join(root, `${STAGING_PREFIX}abc`, 'half'), 'half a file');
    await writeFile(join(root, 'ok.txt'), 'ok');
    const tree = await walkTree(root);
    expect([...tree.keys()]).toEqual(['ok.txt']);
  });

  it('skips names a workspace path may not have', async () => {
    await writeFile(join(root, 'line\nbreak'), 'x');
    await writeFile(join(root, 'back\\slash'), 'x');
    expect([...(await walkTree(root)).keys()]).toEqual([]);
  });

  it('rejects the whole snapshot past the entry cap instead of returning part of it', async () => {
    for (let i = 0; i < 5; i++) await writeFile(join(root, `f${i}`), 'x');
    await expect(walkTree(root, { limits: { maxEntries: 4 } })).rejects.toBeInstanceOf(PullRejectedError);
  });

  it('stops loading text once the total budget is spent', async () => {
    await writeFile(join(root, 'a.txt'), 'a'.repeat(60));
    await writeFile(join(root, 'b.txt'), 'b'.repeat(60));
    const tree = await walkTree(root, { limits: { maxTotalBytes: 100 } });
    expect(tree.get('a.txt')).toMatchObject({ type: 'file' });
    expect(tree.get('b.txt')).toEqual({ type: 'unloaded', size: 60, reason: 'too-large' });
  });

  it('skips ignored folders entirely, so installed packages do not count against the caps', async () => {
    await mkdir(join(root, 'app/node_modules/pkg'), { recursive: true });
    for (let i = 0; i < 5; i++) await writeFile(join(root, 'app/node_modules/pkg', `f${i}`), 'x');
    await writeFile(join(root, 'app/main.js'), 'main');
    const tree = await walkTree(root, { limits: { maxEntries: 3 }, ignoreNames: new Set(['node_modules']) });
    expect([...tree.keys()]).toEqual(['app', 'app/main.js']);
  });

  it('sees a change made after the previous walk even when the file is not read again', async () => {
    const cache: WalkCache = new Map();
    await writeFile(join(root, 'a.txt'), 'one');
    await writeFile(join(root, 'b.txt'), 'same');
    expect((await walkTree(root, { cache })).get('a.txt')).toMatchObject({ content: 'one' });
    await writeFile(join(root, 'a.txt'), 'two');
    const tree = await walkTree(root, { cache });
    expect(tree.get('a.txt')).toMatchObject({ content: 'two' });
    expect(tree.get('b.txt')).toMatchObject({ content: 'same' });
  });
});
