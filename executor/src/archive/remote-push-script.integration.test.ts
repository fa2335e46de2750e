/** Runs the remote half of a push with the real bash, tar, head and find of this machine. */
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeFrame } from './framing';
import { buildPushArchive } from './push-archive';
import { REMOTE_PUSH_SCRIPT } from './remote-push-script';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'tandem-remote-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

/** Writes the frame and keeps stdin open, as on a v4 exec stream that cannot signal EOF. */
function runRemote(input: Buffer): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', REMOTE_PUSH_SCRIPT, 'tandem-push', root], { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stderr }));
    child.stdin.write(input);
  });
}

describe('remote push script', () => {
  it('applies a framed push without stdin EOF', async () => {
    await writeFile(join(root, 'old.py'), 'x');
    await mkdir(join(root, 'becomes-file'));
    const archive = await buildPushArchive([
      { kind: 'delete', path: 'old.py' },
      { kind: 'write', path: 'src/new file.py', content: 'print(1)\n' },
      { kind: 'write', path: 'becomes-file', content: 'was a folder' },
      { kind: 'mkdir', path: 'empty' },
    ]);
    const result = await runRemote(encodeFrame(archive));
    expect(result).toEqual({ code: 0, stderr: '' });
    expect((await readdir(root)).sort()).toEqual(['becomes-file', 'empty', 'src']);
    expect(await readFile(join(root, 'src', 'new file.py'), 'utf8')).toBe('print(1)\n');
    expect(await readFile(join(root, 'becomes-file'), 'utf8')).toBe('was a folder');
  });

  it('replaces the whole tree when the push says so', async () => {
    await writeFile(join(root, 'stale.txt'), 'x');
    const result = await runRemote(encodeFrame(await buildPushArchive([{ kind: 'write', path: 'kept.txt', content: 'k' }], { replace: true })));
    expect(result.code).toBe(0);
    expect(await readdir(root)).toEqual(['kept.txt']);
  });

  it('fails with a non-zero exit on a bad frame', async () => {
    const result = await runRemote(Buffer.from('NOT A FRAME\n'));
    expect(result.code).toBe(90);
    expect(await readdir(root)).toEqual([]);
  });
});
