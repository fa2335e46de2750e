/**
 * How the holder program is started: `python3 -c <holder.py> serve ...`. Passing the
 * source on the command line means nothing has to be installed or bound where the
 * holder runs (the sandbox sees only the system's folders; a pod only its image), and
 * a holder always speaks the protocol of the server that started it.
 */
import { readFileSync } from 'node:fs';

/** The fd the listening socket is handed to the holder on (3 is the sandbox's seccomp filter). */
export const HOLDER_LISTEN_FD = 4;

let source: string | null = null;

/** The holder's source (read once; it is a file beside this one). */
export function holderSource(): string {
  source ??= readFileSync(new URL('./holder.py', import.meta.url), 'utf8');
  return source;
}

export interface HolderArgs {
  python: string;
  ringUnits: number;
  cols: number;
  rows: number;
  /** The shell, run on the holder's pseudo-terminal. */
  shell: string[];
}

export function holderServeArgv(args: HolderArgs): string[] {
  return [
    args.python, '-c', holderSource(), 'serve',
    '--fd', String(HOLDER_LISTEN_FD), '--ring', String(args.ringUnits), '--cols', String(args.cols), '--rows', String(args.rows),
    '--', ...args.shell,
  ];
}

/** Where a system Python 3 may be (absolute: a workspace's own `python3` on PATH must not stand in for the holder). */
export const PYTHON_PLACES = ['/usr/bin/python3', '/usr/local/bin/python3', '/bin/python3'];
