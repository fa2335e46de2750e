/**
 * How the holder program is started: `python3 -c <holder.py> serve|attach|list ...`. Passing the
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

/**
 * Over exec (a pod), the source cannot ride in the command: the command is in the
 * request's URL, which API servers and proxies cap far below its size (431). So the
 * command is a bootstrap that reads the source's `length` bytes from stdin, exactly
 * (os.read, no read-ahead: in `attach` mode the rest of stdin is the bridged stream),
 * and runs it with the remaining arguments. Write `holderSource()` first on stdin.
 */
const BOOTSTRAP = 'import os, sys\nn = int(sys.argv.pop(1)); s = b""\nwhile len(s) < n:\n    c = os.read(0, n - len(s))\n    if not c: sys.exit(2)\n    s += c\nexec(compile(s, "holder.py", "exec"))';

function overStdin(python: string, args: string[]): string[] {
  return [python, '-c', BOOTSTRAP, String(Buffer.byteLength(holderSource())), ...args];
}

/** In a pod: the holder makes its socket at `listen` and detaches (no descriptor crosses an exec stream). */
export function holderListenArgv(args: HolderArgs & { listen: string }): string[] {
  return overStdin(args.python, ['serve', '--listen', args.listen, '--ring', String(args.ringUnits), '--cols', String(args.cols), '--rows', String(args.rows), '--', ...args.shell]);
}

/** Bridges the exec stream's stdin (after the source) and stdout to a holder's socket. */
export function holderAttachArgv(python: string, socketPath: string): string[] {
  return overStdin(python, ['attach', '--socket', socketPath]);
}

/** Prints one JSON line per live holder in `dir` (`{id, ...HolderState}`). */
export function holderListArgv(python: string, dir: string): string[] {
  return overStdin(python, ['list', '--dir', dir]);
}

/** Where a system Python 3 may be (absolute: a workspace's own `python3` on PATH must not stand in for the holder). */
export const PYTHON_PLACES = ['/usr/bin/python3', '/usr/local/bin/python3', '/bin/python3'];
