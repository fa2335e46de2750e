/** Runs the remote half of a push with the real bash, tar, head and find of this machine. */
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeFrame } from './framing';
import { buildPushArchive } from './push-archive';
import { FENCED_EXIT, REMOTE_PUSH_SCRIPT } from './remote-push-script';

const entries = async () => (await readdir(root)).sort();

let root: string;
let fence: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'tandem-remote-'));
  fence = `${root}-fence`;
});
afterEach(() => Promise.all([rm(root, { recursive: true, force: true }), rm(fence, { recursive: true, force: true })]));

/** Writes the frame and keeps stdin open, as on a v4 exec stream that cannot signal EOF. */
function runRemote(input: Buffer, epoch = 0): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', REMOTE_PUSH_SCRIPT, 'tandem-push', root, String(epoch), fence], { stdio: ['pipe', 'ignore', 'pipe'] });
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
    expect(await entries()).toEqual(['becomes-file', 'empty', 'src']);
    expect(await readFile(join(root, 'src', 'new file.py'), 'utf8')).toBe('print(1)\n');
    expect(await readFile(join(root, 'becomes-file'), 'utf8')).toBe('was a folder');
  });

  it('replaces the whole tree when the push says so', async () => {
    await writeFile(join(root, 'stale.txt'), 'x');
    const result = await runRemote(encodeFrame(await buildPushArchive([{ kind: 'write', path: 'kept.txt', content: 'k' }], { replace: true })));
    expect(result.code).toBe(0);
    expect(await entries()).toEqual(['kept.txt']);
  });

  it('fails with a non-zero exit on a bad frame', async () => {
    const result = await runRemote(Buffer.from('NOT A FRAME\n'));
    expect(result.code).toBe(90);
    expect(await entries()).toEqual([]);
  });

  it('refuses a push from an older epoch than the newest it has seen, writing nothing, and keeps the fence through a replacing push', async () => {
    const push = (path: string, epoch: number, replace = false) =>
      buildPushArchive([{ kind: 'write', path, content: `${path}@${epoch}` }], { replace }).then((a) => runRemote(encodeFrame(a), epoch));
    expect((await push('a.txt', 3)).code).toBe(0);
    const stale = await push('stale.txt', 2);
    expect(stale.code).toBe(FENCED_EXIT);
    expect(stale.stderr).toMatch(/fenced: epoch 2 is older than 3/);
    expect(await entries()).toEqual(['a.txt']);
    // The same epoch and newer ones pass; a replacing push keeps the fence, so the old epoch stays refused.
    expect((await push('b.txt', 3)).code).toBe(0);
    expect((await push('c.txt', 5, true)).code).toBe(0);
    expect(await entries()).toEqual(['c.txt']);
    expect((await push('d.txt', 4)).code).toBe(FENCED_EXIT);
    expect(await readFile(join(fence, 'epoch'), 'utf8')).toBe('5\n');
  });

  it('orders concurrent pushes under the fence lock: a stale push racing a new owner never lands after it', async () => {
    // Twenty pushes from epochs 1..20 at once: whatever order the lock takes them in,
    // the file ends as the newest epoch wrote it, and every refusal is an older epoch.
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => i + 1).map(async (epoch) => {
      const archive = await buildPushArchive([{ kind: 'write', path: 'f.txt', content: String(epoch) }]);
      return { epoch, ...(await runRemote(encodeFrame(archive), epoch)) };
    }));
    expect(await readFile(join(root, 'f.txt'), 'utf8')).toBe('20');
    const applied = results.filter((r) => r.code === 0).map((r) => r.epoch);
    expect(applied).toContain(20);
    for (const r of results) expect([0, FENCED_EXIT]).toContain(r.code);
  });

  it('refuses a malformed epoch', async () => {
    const child = spawn('bash', ['-c', REMOTE_PUSH_SCRIPT, 'tandem-push', root, '1; rm -rf /', fence], { stdio: ['pipe', 'ignore', 'pipe'] });
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(90);
  });
});
