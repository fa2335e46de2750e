// The machine's processes from /proc (Linux): each one's parent and command line, to find
// what a server started (its PostgreSQL, its language servers) and pin, unpin or weigh it.
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessTable {
  parents: Map<number, number>;
  /** NUL-separated argv. */
  commands: Map<number, string>;
}

export function readProcessTable(): ProcessTable {
  const parents = new Map<number, number>();
  const commands = new Map<number, string>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parents.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      commands.set(Number(name), readFileSync(`/proc/${name}/cmdline`, 'utf8'));
    } catch {
      // exited meanwhile
    }
  }
  return { parents, commands };
}

/** Whether `pid` was started, directly or not, by `root`. */
export function isDescendant(table: ProcessTable, pid: number, root: number): boolean {
  for (let p = table.parents.get(pid); p !== undefined && p > 1; p = table.parents.get(p)) if (p === root) return true;
  return false;
}
