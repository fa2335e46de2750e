/**
 * A cgroup per workspace (when the server is root): its processes, memory and CPU
 * are bounded together, so one workspace's fork bomb or memory hog leaves the
 * others, and the server, their share. Both hierarchies are handled: cgroup v2
 * (one tree, controllers enabled in `cgroup.subtree_control`) and v1 (a tree per
 * controller, as on this project's CI machine).
 *
 * The launcher joins the groups before anything of the workspace runs
 * (`sandbox-command.ts`), so no process of it is ever outside them.
 */
import { access, mkdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResourceLimits } from './sandbox-command';

const ROOT = '/sys/fs/cgroup';
const GROUP = 'tandem';
const CPU_PERIOD_US = 100_000;

export type CgroupLayout = { version: 2; dir: string } | { version: 1; dirs: { pids: string; memory: string; cpu: string } };

/** Finds a hierarchy with the pids, memory and cpu controllers that we may write, or null. */
export async function detectCgroups(root = ROOT): Promise<CgroupLayout | null> {
  const controllers = await readFile(join(root, 'cgroup.controllers'), 'utf8').catch(() => null);
  if (controllers !== null) {
    const available = controllers.trim().split(/\s+/);
    if (!['pids', 'memory', 'cpu'].every((c) => available.includes(c))) return null;
    const dir = join(root, GROUP);
    try {
      await writeFile(join(root, 'cgroup.subtree_control'), '+pids +memory +cpu');
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'cgroup.subtree_control'), '+pids +memory +cpu');
      return { version: 2, dir };
    } catch {
      return null; // e.g. a container whose own cgroup holds processes (no internal processes in v2)
    }
  }
  const dirs = { pids: join(root, 'pids', GROUP), memory: join(root, 'memory', GROUP), cpu: join(root, 'cpu', GROUP) };
  try {
    for (const dir of Object.values(dirs)) {
      await mkdir(dir, { recursive: true });
      await access(join(dir, 'cgroup.procs'));
    }
    return { version: 1, dirs };
  } catch {
    return null;
  }
}

/** The settings a workspace's group gets, as files and values (pure; exported for tests). */
export function cgroupSettings(layout: CgroupLayout, limits: Pick<ResourceLimits, 'processes' | 'memoryBytes' | 'cpuCores'>): Array<[string, string]> {
  const quota = String(Math.max(1000, Math.round(limits.cpuCores * CPU_PERIOD_US)));
  if (layout.version === 2) {
    return [
      ['pids.max', String(limits.processes)],
      ['memory.max', String(limits.memoryBytes)],
      ['memory.swap.max', '0'],
      ['cpu.max', `${quota} ${CPU_PERIOD_US}`],
    ];
  }
  return [
    ['pids/pids.max', String(limits.processes)],
    ['memory/memory.limit_in_bytes', String(limits.memoryBytes)],
    ['cpu/cpu.cfs_period_us', String(CPU_PERIOD_US)],
    ['cpu/cpu.cfs_quota_us', quota],
  ];
}

export interface WorkspaceCgroup {
  /** The `cgroup.procs` files a process writes its pid into to join. */
  procs: string[];
  /** Removes the groups once their processes are gone (best effort: retried, then left). */
  remove(): Promise<void>;
}

export async function createWorkspaceCgroup(layout: CgroupLayout, name: string, limits: ResourceLimits): Promise<WorkspaceCgroup> {
  const dirs = layout.version === 2 ? { '': join(layout.dir, name) } : Object.fromEntries(Object.entries(layout.dirs).map(([c, d]) => [c, join(d, name)]));
  for (const dir of Object.values(dirs)) await mkdir(dir, { recursive: true });
  for (const [file, value] of cgroupSettings(layout, limits)) {
    const [controller, setting] = layout.version === 2 ? ['', file] : file.split('/');
    const path = join(dirs[controller!]!, setting!);
    // memory.swap.max exists only with swap accounting: a missing file is not an error.
    await writeFile(path, value).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
  return {
    procs: Object.values(dirs).map((dir) => join(dir, 'cgroup.procs')),
    remove: async () => {
      for (const dir of Object.values(dirs)) {
        for (let attempt = 0; attempt < 20; attempt++) {
          const removed = await rmdir(dir).then(() => true, (error: NodeJS.ErrnoException) => error.code === 'ENOENT');
          if (removed) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    },
  };
}
