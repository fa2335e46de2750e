/**
 * One workspace's share of the sandbox host: its folder (on its own disk image when
 * the server is root and images work), its host uid, its cgroup, and the
 * `SandboxSpec` its processes start with. `release()` undoes what `prepare` made
 * (cgroup, mount); the image and the uid stay: they are the workspace's disk.
 */
import { execFile } from 'node:child_process';
import { chmod, chown, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createWorkspaceCgroup, type WorkspaceCgroup } from './cgroups';
import type { ResourceLimits, SandboxNetwork, SandboxSpec } from './sandbox-command';
import { reachableByOthers, type SandboxHost } from './sandbox-host';
import type { SandboxUids } from './sandbox-uids';
import { isMountPoint, mountWorkspaceDisk, unmountWorkspaceDisk } from './workspace-disk';

const run = promisify(execFile);

export interface PreparedWorkspace {
  /** The workspace folder on the host (bound at /app inside). */
  dir: string;
  /** The push fence's folder on the host (remote-push-script.ts), outside the workspace, bound for pushes only. */
  fenceDir: string;
  spec(network: SandboxNetwork): SandboxSpec;
  release(): Promise<void>;
}

export interface WorkspacePlacement {
  /** `<dataDir>/workspaces`: images, and folders when they can be reached from there. */
  workspacesDir: string;
  workspaceId: string;
  limits: ResourceLimits;
  uids: SandboxUids;
  extraReadOnly: string[];
}

export async function prepareWorkspace(host: SandboxHost, placement: WorkspacePlacement): Promise<PreparedWorkspace> {
  const { workspacesDir, workspaceId, limits } = placement;
  await mkdir(workspacesDir, { recursive: true, mode: 0o711 });
  const fenceDir = join(host.runtimeDir, 'fences', workspaceId);
  await mkdir(join(host.runtimeDir, 'fences'), { recursive: true, mode: 0o711 });
  await mkdir(fenceDir, { recursive: true, mode: 0o700 });
  if (!host.root) {
    const dir = join(workspacesDir, workspaceId);
    await mkdir(dir, { recursive: true });
    return prepared(host, placement, dir, fenceDir, null, null, async () => {});
  }
  const uid = await placement.uids.uidFor(workspaceId);
  const dir = join(await mountsDir(host, workspacesDir), workspaceId);
  let unmount = async () => {};
  if (host.diskImages) {
    if (!(await isMountPoint(dir))) await rm(dir, { recursive: true, force: true }); // a folder from before quotas: the server pushes the files again
    await mountWorkspaceDisk({ image: join(workspacesDir, `${workspaceId}.img`), mountPoint: dir, bytes: limits.diskBytes, uid });
    unmount = () => unmountWorkspaceDisk(dir);
  } else {
    await mkdir(dir, { recursive: true });
    const info = await stat(dir);
    // -P: never follow a link the workspace made; chown the tree once, when it changes hands.
    if (info.uid !== uid) await run('chown', ['-R', '-P', `${uid}:${uid}`, dir]);
  }
  await chown(dir, uid, uid);
  await chmod(dir, 0o700);
  await chown(fenceDir, uid, uid);
  const cgroup = host.cgroups ? await createWorkspaceCgroup(host.cgroups, workspaceId, limits) : null;
  return prepared(host, placement, dir, fenceDir, uid, cgroup, unmount);
}

function prepared(host: SandboxHost, placement: WorkspacePlacement, dir: string, fenceDir: string, uid: number | null, cgroup: WorkspaceCgroup | null, unmount: () => Promise<void>): PreparedWorkspace {
  return {
    dir,
    fenceDir,
    spec: (network) => ({
      layout: host.layout,
      hostUid: uid,
      cgroupProcs: cgroup?.procs ?? [],
      seccompPath: host.seccompPath,
      etcDir: host.etcDir,
      // A workspace never gets more network than the host allows.
      network: host.network === 'internet' ? network : 'none',
      extraReadOnly: placement.extraReadOnly,
    }),
    release: async () => {
      await unmount();
      await cgroup?.remove();
    },
  };
}

/**
 * Where workspace folders are mounted: beside the images when every folder above is
 * reachable by other uids (bwrap binds by path, as the workspace's uid), otherwise
 * (a checkout under /root, say) in the sandbox's runtime folder under /run.
 */
async function mountsDir(host: SandboxHost, workspacesDir: string): Promise<string> {
  if (await reachableByOthers(join(workspacesDir, 'x'))) return workspacesDir;
  const dir = join(host.runtimeDir, 'workspaces');
  await mkdir(dir, { recursive: true, mode: 0o711 });
  return dir;
}

/** Names in the workspaces folder that are workspaces (folders or images), for orphan reclaim and tests. */
export async function listWorkspaceNames(workspacesDir: string): Promise<string[]> {
  const names = await readdir(workspacesDir).catch(() => [] as string[]);
  return [...new Set(names.map((n) => n.replace(/\.img$/, '')))];
}
