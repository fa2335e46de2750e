/**
 * Resident memory of a process and everything below it, from /proc (Linux). The
 * tree is found by parent links, not by session: a sandboxed program runs in a
 * session of its own below bwrap (`--new-session`). Shared pages are counted in
 * every process that maps them, so this is an upper bound, which is what a memory
 * guard wants.
 */
import { readFile, readdir } from 'node:fs/promises';
import { readStat, type ProcessIdentity, type ProcStat } from './process-tree';

/** VmRSS of a /proc/<pid>/status text in bytes; null without one (a zombie, a kernel thread). */
export function parseResidentBytes(status: string): number | null {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  return match ? Number(match[1]) * 1024 : null;
}

/** The pids of `root` and its descendants (pure). */
export function treeOf(root: number, stats: readonly ProcStat[]): number[] {
  const children = new Map<number, number[]>();
  for (const stat of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat.pid]);
  const tree: number[] = [];
  for (const queue = [root]; queue.length > 0; ) {
    const pid = queue.shift()!;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** Bytes resident in the process tree of `leader`, or null when the leader is gone (or its pid reused). */
export async function treeResidentBytes(leader: ProcessIdentity): Promise<number | null> {
  const own = await readStat(leader.pid);
  if (!own || own.startTime !== leader.startTime) return null;
  const stats: ProcStat[] = [];
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readStat(Number(entry));
    if (stat) stats.push(stat);
  }
  let total = 0;
  for (const pid of treeOf(leader.pid, stats)) {
    const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
    total += parseResidentBytes(status) ?? 0;
  }
  return total;
}
