import { gzipSync } from 'node:zlib';
import { writeTar, type TarEntry } from '@tandem/executor';
import { describe, expect, it } from 'vitest';
import type { ImportLimits } from './archive-limits';
import { buildArchive, contentDisposition, type ArchiveFormat } from './archive-writer';
import { readArchive } from './read-archive';
import { writeZipFixture, type ZipFixtureEntry } from './zip-fixture';

const limits: ImportLimits = { maxArchiveBytes: 1 << 20, maxArchiveEntries: 50, maxItems: 20, maxFileBytes: 1000, maxUncompressedBytes: 5000 };
const tarGz = (entries: TarEntry[]) => gzipSync(writeTar(entries));
const file = (path: string, body = 'x'): TarEntry => ({ path, type: 'File', body: Buffer.from(body) });
const code = async (bytes: Buffer, l: ImportLimits = limits) => {
  try {
    await readArchive(bytes, l);
    return 'accepted';
  } catch (err) {
    return `${(err as { status: number }).status} ${(err as { code: string }).code}`;
  }
};

describe('readArchive: what a download holds comes back', () => {
  for (const format of ['zip', 'tar.gz'] as ArchiveFormat[]) {
    it(`${format}: files at their paths with their text, empty folders kept`, async () => {
      const items = [{ path: 'empty' }, { path: 'src' }, { path: 'src/a.py', content: 'print("é")\n' }, { path: 'README.md', content: '' }, { path: 'src/deep/x.txt', content: 'x' }];
      const plan = await readArchive(await buildArchive(format, items), limits);
      expect(plan.folders).toEqual(['empty', 'src', 'src/deep']);
      expect(plan.files.sort((a, b) => a.path.localeCompare(b.path))).toEqual([
        { path: 'README.md', content: '' },
        { path: 'src/a.py', content: 'print("é")\n' },
        { path: 'src/deep/x.txt', content: 'x' },
      ]);
      expect(plan.skipped).toEqual([]);
    });
  }
});

describe('readArchive: hostile archives', () => {
  it('refuses paths that would leave the workspace, in either format', async () => {
    for (const name of ['../evil.txt', 'a/../../evil.txt', '/etc/passwd', 'a\\..\\evil.txt', 'C:/evil.txt', 'C:evil.txt']) {
      expect([name, await code(writeZipFixture([{ name, data: 'x' }]))]).toEqual([name, '400 archive_unsafe_path']);
      expect([name, await code(tarGz([file(name)]))]).toEqual([name, '400 archive_unsafe_path']);
    }
  });

  it('refuses names the tree refuses', async () => {
    for (const name of ['bad\u0001name.txt', 'new\nline', `${'n'.repeat(256)}.txt`, 'a//b']) {
      expect([name, await code(writeZipFixture([{ name, data: 'x' }]))]).toEqual([name, '400 archive_invalid_name']);
    }
  });

  it('skips and reports links and what is below them, never following them', async () => {
    const zip = writeZipFixture([{ name: 'link', data: '/etc', mode: 0o120777 }, { name: 'link/passwd', data: 'x' }, { name: 'ok.txt', data: 'ok' }]);
    const plan = await readArchive(zip, limits);
    expect(plan.files).toEqual([{ path: 'ok.txt', content: 'ok' }]);
    expect(plan.skipped).toEqual([{ path: 'link', reason: 'symlink' }, { path: 'link/passwd', reason: 'under-link' }]);
    const tar = tarGz([{ path: 'l', type: 'SymbolicLink', linkpath: '../../etc' }, { path: 'h', type: 'Link', linkpath: '/etc/shadow' }, file('ok.txt')]);
    expect((await readArchive(tar, limits)).skipped).toEqual([{ path: 'l', reason: 'symlink' }, { path: 'h', reason: 'hard-link' }]);
  });

  it('refuses devices and FIFOs', async () => {
    expect(await code(tarGz([{ path: 'dev', type: 'CharacterDevice' }]))).toBe('400 archive_special_file');
    expect(await code(tarGz([{ path: 'fifo', type: 'FIFO' }]))).toBe('400 archive_special_file');
    expect(await code(writeZipFixture([{ name: 'dev', mode: 0o020644 }]))).toBe('400 archive_special_file');
  });

  it('refuses a path given twice, or a file and a folder at one path', async () => {
    expect(await code(writeZipFixture([{ name: 'a.txt', data: '1' }, { name: 'a.txt', data: '2' }]))).toBe('400 archive_duplicate_path');
    expect(await code(tarGz([file('a'), file('a/b')]))).toBe('400 archive_duplicate_path');
    expect(await code(tarGz([file('a'), { path: 'a/', type: 'Directory' }]))).toBe('400 archive_duplicate_path');
    expect(await code(writeZipFixture([{ name: 'x/', data: '' }, { name: './x/', data: '' }, { name: 'x/y', data: 'y' }]))).toBe('accepted');
  });

  it('refuses more files and folders than a workspace holds, and more entries than it reads', async () => {
    const many = Array.from({ length: 21 }, (_, i) => ({ name: `f${i}.txt`, data: 'x' }));
    expect(await code(writeZipFixture(many))).toBe('413 archive_too_many_entries');
    const links = Array.from({ length: 51 }, (_, i) => ({ name: `l${i}`, mode: 0o120777, data: 'x' }));
    expect(await code(writeZipFixture(links))).toBe('413 archive_too_many_entries');
  });

  it('refuses a file over the file size limit, whatever its header says', async () => {
    expect(await code(writeZipFixture([{ name: 'big.txt', data: 'a'.repeat(1001) }]))).toBe('413 archive_file_too_large');
    expect(await code(tarGz([file('big.txt', 'a'.repeat(1001))]))).toBe('413 archive_file_too_large');
    // The header understates: inflating stops one byte past what it claims.
    expect(await code(writeZipFixture([{ name: 'liar.txt', data: 'a'.repeat(100_000), declaredSize: 10 }]))).toBe('400 archive_corrupt');
  });

  it('refuses a bomb: entries sharing one body, or a gzip stream that inflates past the limit', async () => {
    const shared: ZipFixtureEntry[] = [{ name: 'b0.txt', data: 'a'.repeat(900) }, ...Array.from({ length: 10 }, (_, i) => ({ name: `b${i + 1}.txt`, sameBodyAs: 0 }))];
    expect(await code(writeZipFixture(shared))).toBe('413 archive_too_large');
    expect(await code(tarGz(Array.from({ length: 8 }, (_, i) => file(`t${i}.txt`, 'a'.repeat(900)))))).toBe('413 archive_too_large');
  });

  it('refuses what cannot be read: truncated, damaged, a bad checksum, not an archive', async () => {
    const zip = await buildArchive('zip', [{ path: 'a.txt', content: 'hello world' }]);
    expect(await code(zip.subarray(0, zip.length - 30))).toBe('400 archive_corrupt');
    const flipped = Buffer.from(writeZipFixture([{ name: 'a.txt', data: 'hello', stored: true }]));
    flipped[35] = flipped[35]! ^ 0xff; // a byte of the stored body
    expect(await code(flipped)).toBe('400 archive_corrupt');
    const tgz = tarGz([file('a.txt', 'hello'.repeat(200))]);
    expect(await code(tgz.subarray(0, tgz.length / 2))).toBe('400 archive_corrupt');
    expect(await code(gzipSync(Buffer.from('not a tar at all, just text '.repeat(40))))).toBe('400 archive_corrupt');
    expect(await code(Buffer.from('PK\u0003\u0004 garbage'))).toBe('400 archive_corrupt');
    expect(await code(Buffer.from('hello'))).toBe('415 archive_unsupported_type');
  });

  it('skips what the pull-back ignores (once, topmost) and binary files', async () => {
    const zip = writeZipFixture([
      { name: 'node_modules/x/index.js', data: 'x' },
      { name: 'node_modules/y/index.js', data: 'y' },
      { name: '.git/HEAD', data: 'ref' },
      { name: 'src/__pycache__/m.pyc', data: 'p' },
      { name: 'logo.png', data: Buffer.from([0x89, 0x50, 0x00, 0x01]) },
      { name: 'src/m.py', data: 'm' },
      { name: 'node_modules/huge.bin', data: 'a'.repeat(2000) }, // over the file limit, but never read
    ]);
    const plan = await readArchive(zip, limits);
    expect(plan.files).toEqual([{ path: 'src/m.py', content: 'm' }]);
    expect(plan.folders).toEqual(['src']);
    expect((await readArchive(tarGz([file('node_modules/huge.js', 'a'.repeat(2000)), file('ok.txt')]), limits)).files).toEqual([{ path: 'ok.txt', content: 'x' }]);
    expect(plan.skipped).toEqual([
      { path: 'logo.png', reason: 'binary' },
      { path: '.git', reason: 'ignored' },
      { path: 'node_modules', reason: 'ignored' },
      { path: 'src/__pycache__', reason: 'ignored' },
    ]);
  });
});

describe('contentDisposition', () => {
  it('names the file safely, with the real name in filename*', () => {
    expect(contentDisposition('My project', 'zip')).toBe(`attachment; filename="My project.zip"; filename*=UTF-8''My%20project.zip`);
    expect(contentDisposition('../"evil"\r\nX: y', 'tar.gz')).toBe(`attachment; filename="evil-X- y.tar.gz"; filename*=UTF-8''evil-X-%20y.tar.gz`);
    expect(contentDisposition('Café (v2)', 'zip')).toBe(`attachment; filename="Caf_ _v2_.zip"; filename*=UTF-8''Caf%C3%A9%20%28v2%29.zip`);
    expect(contentDisposition('...', 'zip')).toContain('filename="workspace.zip"');
  });
});
