/**
 * Data folders for tests of the local backend. Sandboxed workspaces may be
 * mounted disk images (when tests run as root), which `rm -rf` cannot remove and
 * would leave attached: unmount everything below the folder first.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseMountPoints } from '../workspace-disk';

const run = promisify(execFile);

/** A fresh folder that the workspaces' own uids may pass through, as `.tandem` in a checkout is. */
export async function makeDataDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `${prefix}-`));
  await chmod(dir, 0o711);
  return dir;
}

export async function removeDataDir(dataDir: string): Promise<void> {
  const mounts = parseMountPoints(await readFile('/proc/self/mountinfo', 'utf8'));
  for (const point of [...mounts].filter((p) => p.startsWith(`${dataDir}/`)).sort().reverse()) {
    await run('umount', ['-l', point]).catch(() => {});
  }
  await rm(dataDir, { recursive: true, force: true, maxRetries: 5 });
}
