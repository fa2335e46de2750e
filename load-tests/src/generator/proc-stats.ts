// CPU and RSS of a process tree from /proc (Linux). Our server's embedded
// PostgreSQL runs as its children, so both "server only" and "whole tree" matter.
import { readdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const PAGE_SIZE = 4096;
const CLK_TCK = clockTicks();

function clockTicks(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime, seconds */
  self: number;
  /** cutime + cstime: children already reaped, seconds */
  reaped: number;
  rssBytes: number;
}

/** Fields of /proc/<pid>/stat; the command name may contain spaces, so split after its ')'. */
export function parseStat(pid: number, text: string): ProcStat {
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state): field n is rest[n - 3].
  const num = (field: number) => Number(rest[field - 3]);
  return {
    pid,
    ppid: num(4),
    self: (num(14) + num(15)) / CLK_TCK,
    reaped: (num(16) + num(17)) / CLK_TCK,
    rssBytes: num(24) * PAGE_SIZE,
  };
}

function readStat(pid: number): ProcStat | null {
  try {
    return parseStat(pid, readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null; // exited meanwhile
  }
}

export interface TreeUsage {
  /** CPU seconds of the root process alone */
  rootCpu: number;
  /** CPU seconds of the root and every descendant, live or reaped */
  treeCpu: number;
  rootRss: number;
  treeRss: number;
  processes: number;
}

/**
 * Live descendants are counted themselves; exited ones through their parent's
 * cutime/cstime, so a PostgreSQL backend that comes and goes is not lost.
 */
export function treeUsage(rootPid: number): TreeUsage {
  const all: ProcStat[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = readStat(Number(name));
    if (s) all.push(s);
  }
  const byParent = new Map<number, ProcStat[]>();
  for (const s of all) {
    const list = byParent.get(s.ppid) ?? [];
    list.push(s);
    byParent.set(s.ppid, list);
  }
  const root = all.find((s) => s.pid === rootPid);
  if (!root) throw new Error(`process ${rootPid} is gone`);
  const usage: TreeUsage = { rootCpu: root.self, treeCpu: 0, rootRss: root.rssBytes, treeRss: 0, processes: 0 };
  const stack = [root];
  while (stack.length > 0) {
    const s = stack.pop()!;
    usage.treeCpu += s.self + s.reaped;
    usage.treeRss += s.rssBytes;
    usage.processes++;
    stack.push(...(byParent.get(s.pid) ?? []));
  }
  return usage;
}
