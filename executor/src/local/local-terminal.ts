/**
 * A terminal of the local backend: a shell on a pseudo-terminal (`@lydell/node-pty`),
 * started through `prlimit` (and `bwrap`) with a clean environment. The shell leads
 * its own session; `kill()` takes down the whole session (see `process-tree.ts`).
 */
import { randomUUID } from 'node:crypto';
import { spawn, type IPty } from '@lydell/node-pty';
import type { TerminalHandle } from '../executor';
import { identify, killSession, type ProcessIdentity } from './process-tree';
import type { ProcessCommand } from './sandbox-command';

export interface LocalTerminal extends TerminalHandle {
  /** Resolves once the process identity is known (for orphan reclaim after a crash). */
  readonly identity: Promise<ProcessIdentity | null>;
  readonly exited: Promise<number>;
}

export function spawnLocalTerminal(command: ProcessCommand, size: { cols: number; rows: number }): LocalTerminal {
  const pty: IPty = spawn(command.file, command.args, {
    name: command.env.TERM ?? 'xterm-256color',
    cols: size.cols,
    rows: size.rows,
    cwd: command.cwd,
    env: command.env,
  });
  const identity = identify(pty.pid);
  let exitCode: number | null = null;
  const exited = new Promise<number>((resolve) => {
    pty.onExit(({ exitCode: code, signal }) => {
      // A shell killed by a signal reports 0 and the signal: expose it as the shell would, 128 + n.
      exitCode = signal ? 128 + signal : code;
      resolve(exitCode);
    });
  });

  return {
    id: randomUUID(),
    identity,
    exited,
    write: (data) => {
      if (exitCode === null) pty.write(data);
    },
    resize: (cols, rows) => {
      if (exitCode === null) pty.resize(cols, rows);
    },
    kill: () => {
      if (exitCode !== null) return;
      void identity.then((id) => (id ? killSession(id) : pty.kill('SIGKILL')));
    },
    pause: () => pty.pause(),
    resume: () => pty.resume(),
    onData: (listener) => {
      const subscription = pty.onData(listener);
      return () => subscription.dispose();
    },
    onExit: (listener) => {
      let active = true;
      void exited.then((code) => active && listener(code));
      return () => {
        active = false;
      };
    },
  };
}
