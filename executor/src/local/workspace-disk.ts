/**
 * A workspace's disk when the server is root: an ext4 image of its own (sparse, so
 * it takes only what is written), mounted with a loop device on the workspace
 * folder. The image's size is the quota: a full disk is ENOSPC in that workspace
 * and nowhere else. The image's root belongs to the workspace's host uid.
 */
import { execFile } from 'node:child_process';
import { mkdir, open, readFile, rm, rmdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface WorkspaceDisk {
  image: string;
  mountPoint: string;
  bytes: number;
  uid: number;
}

/**
 * Whether this machine can make and mount images (root, mkfs.ext4, a loop device):
 * a small image is made, mounted and removed again. A probe left mounted by a server
 * killed mid-way is undone by the next one.
 */
export async function diskImagesWork(scratch: string): Promise<{ ok: true } | { ok: false; reason: string }> {
  const disk = { image: join(scratch, 'disk-probe.img'), mountPoint: join(scratch, 'disk-probe'), bytes: 16 * 1024 ** 2, uid: 0 };
  const cleanUp = async () => {
    await unmountWorkspaceDisk(disk.mountPoint).catch(() => {});
    await rm(disk.image, { force: true });
    await rm(disk.mountPoint, { recursive: true, force: true });
  };
  try {
    await cleanUp();
    await mountWorkspaceDisk(disk);
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  } finally {
    await cleanUp().catch(() => {});
  }
}

export async function mountWorkspaceDisk(disk: WorkspaceDisk): Promise<void> {
  if (await isMountPoint(disk.mountPoint)) return;
  const created = await createImage(disk);
  await mkdir(disk.mountPoint, { recursive: true, mode: 0o700 });
  await run('mount', ['-t', 'ext4', '-o', 'loop,nosuid,nodev', disk.image, disk.mountPoint]);
  // mkfs makes lost+found; a workspace would see it in its tree.
  if (created) await rmdir(join(disk.mountPoint, 'lost+found')).catch(() => {});
}

export async function unmountWorkspaceDisk(mountPoint: string): Promise<void> {
  if (!(await isMountPoint(mountPoint))) return;
  // A process that outlived its sandbox by a moment keeps it busy: detach it then (-l).
  await run('umount', [mountPoint]).catch(() => run('umount', ['-l', mountPoint]));
}

async function createImage(disk: WorkspaceDisk): Promise<boolean> {
  const existing = await stat(disk.image).catch(() => null);
  if (existing) return false;
  const handle = await open(disk.image, 'wx', 0o600);
  try {
    await handle.truncate(disk.bytes);
  } finally {
    await handle.close();
  }
  // -m 0: no blocks reserved for root (the workspace is the only user); a journal so a crash loses nothing committed.
  await run('mkfs.ext4', ['-q', '-F', '-m', '0', '-E', `root_owner=${disk.uid}:${disk.uid}`, disk.image]);
  return true;
}

/** Mount points as the kernel lists them (/proc/self/mountinfo field 5, octal escapes undone). */
export function parseMountPoints(mountinfo: string): Set<string> {
  const points = new Set<string>();
  for (const line of mountinfo.split('\n')) {
    const field = line.split(' ')[4];
    if (field) points.add(field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8))));
  }
  return points;
}

export async function isMountPoint(path: string): Promise<boolean> {
  return parseMountPoints(await readFile('/proc/self/mountinfo', 'utf8')).has(path);
}
