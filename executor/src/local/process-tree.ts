/**
 * Killing what a workspace started, on Linux, through /proc.
 *
 * A shell is a session leader (node-pty and `detached` spawns call setsid), but an
 * interactive bash puts each job in its own process group, so killing the group
 * alone would leave `sleep 1000 &` behind. We kill the group, then every process
 * still in the session. A process that calls setsid itself escapes this in plain
 * mode; under bwrap the PID namespace dies with the sandbox and takes it along.
 */
import { readFile, readdir } from 'node:fs/promises';

export interface ProcessIdentity {
  pid: number;
  /** Start time in clock ticks since boot (/proc/<pid>/stat field 22): guards against PID reuse. */
  startTime: number;
}

export interface ProcStat {
  pid: number;
  ppid: number;
  session: number;
  startTime: number;
}

/** Parses /proc/<pid>/stat. The command name may hold spaces and ')' so fields are counted from the last ')'. */
export function parseProcStat(text: string): ProcStat | null {
  const close = text.lastIndexOf(')');
  if (close < 0) return null;
  const pid = Number.parseInt(text, 10);
  const fields = text.slice(close + 2).split(' ');
  // fields[0] is field 3 (state): ppid is field 4, session field 6, starttime field 22.
  const ppid = Number(fields[1]);
  const session = Number(fields[3]);
  const startTime = Number(fields[19]);
  if (!Number.isFinite(pid) || !Number.isFinite(ppid) || !Number.isFinite(session) || !Number.isFinite(startTime)) return null;
  return { pid, ppid, session, startTime };
}

export async function readStat(pid: number): Promise<ProcStat | null> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  return text === null ? null : parseProcStat(text);
}

export async function identify(pid: number): Promise<ProcessIdentity | null> {
  const stat = await readStat(pid);
  return stat ? { pid, startTime: stat.startTime } : null;
}

/** Kills a session leader's process group and every process left in its session. */
export async function killSession(leader: ProcessIdentity): Promise<void> {
  const stat = await readStat(leader.pid);
  if (stat && stat.startTime !== leader.startTime) return; // the PID now belongs to someone else
  signal(-leader.pid);
  signal(leader.pid);
  const entries = await readdir('/proc').catch(() => [] as string[]);
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const member = await readStat(Number(entry));
    if (member && member.session === leader.pid && member.startTime >= leader.startTime) signal(member.pid);
  }
}

function signal(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
