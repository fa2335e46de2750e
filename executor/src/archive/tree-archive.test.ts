/**
 * A corpus of hostile archives, built here, against the snapshot reader.
 * The reader never touches the disk, so "nothing written outside the root" is
 * covered in push-archive.test.ts; here: every hostile entry is refused or the
 * whole snapshot is rejected, and the process keeps running.
 */
import { describe, expect, it } from 'vitest';
import { PullRejectedError } from './errors';
import { writeTar, type TarEntry } from './tar-writer';
import { readTreeArchive, readTreeSnapshot } from './tree-archive';

const file = (path: string, text = 'x'): TarEntry => ({ path, type: 'File', body: Buffer.from(text) });

describe('readTreeArchive', () => {
  it('reads files and folders as the environment holds them', async () => {
    const tar = writeTar([{ path: './', type: 'Directory' }, { path: './src/', type: 'Directory' }, file('./src/main.py', 'print(1)\n'), file('./out.txt', 'hi')]);
    const entries = await readTreeArchive(tar);
    expect(Object.fromEntries(entries)).toEqual({
      src: { type: 'folder' },
      'src/main.py': { type: 'file', content: 'print(1)\n', size: 9 },
      'out.txt': { type: 'file', content: 'hi', size: 2 },
    });
  });

  it('accepts the archive as a stream of chunks', async () => {
    const tar = writeTar([file('a.txt', 'a'.repeat(5000))]);
    async function* chunks() {
      for (let i = 0; i < tar.length; i += 777) yield tar.subarray(i, i + 777);
    }
    expect((await readTreeArchive(chunks())).get('a.txt')).toEqual({ type: 'file', content: 'a'.repeat(5000), size: 5000 });
  });

  it('implies parent folders that the archive leaves out', async () => {
    const entries = await readTreeArchive(writeTar([file('a/b/c.txt')]));
    expect([...entries.keys()].sort()).toEqual(['a', 'a/b', 'a/b/c.txt']);
  });

  it('hides our own staging folders', async () => {
    const entries = await readTreeArchive(writeTar([file('.tandem-staging-abc/files/x'), file('keep.txt')]));
    expect([...entries.keys()]).toEqual(['keep.txt']);
  });

  it('refuses tar slip (../) and absolute paths', async () => {
    const snapshot = await readTreeSnapshot(writeTar([file('../evil.txt'), file('a/../../evil.txt'), file('/etc/cron.d/x'), file('ok.txt')]));
    expect([...snapshot.entries.keys()]).toEqual(['ok.txt']);
    expect(snapshot.refused.map((r) => r.reason).sort()).toEqual(['absolute', 'dot-segment', 'dot-segment']);
  });

  it('refuses a symlink and a file written through it', async () => {
    const snapshot = await readTreeSnapshot(writeTar([{ path: 'link', type: 'SymbolicLink', linkpath: '/etc' }, file('link/passwd', 'root::0:0')]));
    expect(snapshot.entries.has('link')).toBe(false);
    expect(snapshot.entries.get('link/passwd')).toBeUndefined();
    expect(snapshot.refused).toEqual([{ path: 'link', reason: 'symlink' }, { path: 'link/passwd', reason: 'under-link' }]);
  });

  it('refuses hard links, devices and FIFOs', async () => {
    const snapshot = await readTreeSnapshot(
      writeTar([
        { path: 'hard', type: 'Link', linkpath: '/etc/shadow' },
        { path: 'tty', type: 'CharacterDevice' },
        { path: 'pipe', type: 'FIFO' },
      ]),
    );
    expect(snapshot.entries.size).toBe(0);
    expect(snapshot.refused.map((r) => r.reason)).toEqual(['hard-link', 'device', 'device']);
  });

  it('reads long names from PAX headers and refuses PAX path overrides that escape', async () => {
    const long = `deep/${'d'.repeat(120)}/${'n'.repeat(120)}.txt`;
    const snapshot = await readTreeSnapshot(
      writeTar([file(long, 'long'), { ...file('innocent.txt'), pax: { path: '../../escaped.txt' } }, { ...file('a.txt'), pax: { path: 'b.txt' } }]),
    );
    expect(snapshot.entries.get(long)).toEqual({ type: 'file', content: 'long', size: 4 });
    expect(snapshot.entries.has('innocent.txt')).toBe(false);
    expect(snapshot.entries.has('b.txt')).toBe(true);
    expect(snapshot.refused).toContainEqual({ path: '../../escaped.txt', reason: 'dot-segment' });
  });

  it('refuses names longer than the file system allows', async () => {
    const snapshot = await readTreeSnapshot(writeTar([file('n'.repeat(300))]));
    expect(snapshot.entries.size).toBe(0);
    expect(snapshot.refused[0]?.reason).toBe('name-too-long');
  });

  it('keeps the last of duplicate entries, and a refused duplicate removes the path', async () => {
    const snapshot = await readTreeSnapshot(
      writeTar([file('dup.txt', 'first'), file('dup.txt', 'second'), file('gone.txt', 'file'), { path: 'gone.txt', type: 'SymbolicLink', linkpath: '/' }]),
    );
    expect(snapshot.entries.get('dup.txt')).toEqual({ type: 'file', content: 'second', size: 6 });
    expect(snapshot.entries.has('gone.txt')).toBe(false);
  });

  it('refuses entries below a file', async () => {
    const snapshot = await readTreeSnapshot(writeTar([file('f'), file('f/inside')]));
    expect(snapshot.entries.get('f')?.type).toBe('file');
    expect(snapshot.refused).toContainEqual({ path: 'f/inside', reason: 'under-file' });
  });

  it('lists huge and binary files without loading them', async () => {
    const entries = await readTreeArchive(
      writeTar([file('big.csv', 'x'.repeat(2 * 1024 * 1024)), { path: 'img.png', type: 'File', body: Buffer.from([0x89, 0x50, 0x00, 0x01]) }]),
    );
    expect(entries.get('big.csv')).toEqual({ type: 'unloaded', size: 2 * 1024 * 1024, reason: 'too-large' });
    expect(entries.get('img.png')).toEqual({ type: 'unloaded', size: 4, reason: 'binary' });
  });

  it('stops loading text once the total budget is spent', async () => {
    const entries = await readTreeArchive(writeTar([file('a', 'a'.repeat(600)), file('b', 'b'.repeat(600))]), { maxTotalBytes: 1000 });
    expect(entries.get('a')?.type).toBe('file');
    expect(entries.get('b')).toEqual({ type: 'unloaded', size: 600, reason: 'too-large' });
  });

  it('rejects an entry bomb as a whole instead of returning a partial tree', async () => {
    const bomb = writeTar(Array.from({ length: 10_050 }, (_, i) => ({ path: `f${i}`, type: 'Directory' as const })));
    await expect(readTreeArchive(bomb)).rejects.toMatchObject({ code: 'too-many-entries' });
  });

  it('rejects an archive over the byte cap while it streams', async () => {
    const tar = writeTar([file('a', 'a'.repeat(10_000))]);
    await expect(readTreeArchive(tar, { maxArchiveBytes: 4096 })).rejects.toBeInstanceOf(PullRejectedError);
  });

  it('rejects a header with a bad checksum and an oversized PAX header', async () => {
    const tar = writeTar([file('a.txt'), file('b.txt')]);
    tar[512 * 2 + 10] = tar[512 * 2 + 10]! ^ 0xff; // inside b.txt's header: the checksum no longer matches
    await expect(readTreeArchive(tar)).rejects.toMatchObject({ code: 'malformed' });
    const hugePax = writeTar([{ ...file('c.txt'), pax: { comment: 'x'.repeat(100_000) } }]);
    await expect(readTreeArchive(hugePax)).rejects.toMatchObject({ code: 'malformed' });
  });

  it('rejects compressed, truncated and garbage input', async () => {
    await expect(readTreeArchive(Buffer.from([0x1f, 0x8b, 8, 0, 0, 0]))).rejects.toMatchObject({ code: 'compressed' });
    const tar = writeTar([file('a', 'a'.repeat(3000))]);
    await expect(readTreeArchive(tar.subarray(0, 1500))).rejects.toMatchObject({ code: 'malformed' });
    await expect(readTreeArchive(Buffer.from('this is not a tar archive at all'.repeat(40)))).rejects.toMatchObject({ code: 'malformed' });
  });
});
