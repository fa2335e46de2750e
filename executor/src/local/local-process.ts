/**
 * A program of the local backend with pipes and no terminal (a language server),
 * started through the same sandbox command as `run`'s (`sandbox-command.ts`). It
 * leads its own session (`detached`), so `kill()` and the environment's stop take
 * down everything it started (`process-tree.ts`).
 *
 * How it ended: its exit code, or the signal when our kill ended it. In the sandbox
 * bwrap stands between us and the program and reports a signal inside as 128 + n.
 */
import { spawn } from 'node:child_process';
import { ProcessStartError } from '../errors';
import type { ProcessHandle } from '../executor';
import { ProcessEvents } from '../processes/process-events';
import { treeResidentBytes } from './process-memory';
import { identify, killSession, type ProcessIdentity } from './process-tree';
import type { ProcessCommand } from './sandbox-command';

export interface LocalProcess extends ProcessHandle {
  /** Resolves once the process identity is known (for orphan reclaim after a crash). */
  readonly identity: Promise<ProcessIdentity | null>;
  /** Settles when the program has ended and its output has been delivered. */
  readonly exited: Promise<void>;
}

export async function spawnLocalProcess(command: ProcessCommand, what: string): Promise<LocalProcess> {
  const child = spawn(command.file, command.args, { cwd: command.cwd, env: command.env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (cause) => reject(new ProcessStartError(`could not start ${what}: ${cause.message}`, { cause })));
  });
  child.on('error', () => {}); // after the start: a failed signal; the exit tells the rest
  child.stdin.on('error', () => {}); // EPIPE once the program is gone: its exit says why
  const identity = identify(child.pid!);
  const events = new ProcessEvents();
  child.stdout.on('data', (chunk: Buffer) => events.stdout.emit(chunk));
  child.stderr.on('data', (chunk: Buffer) => events.stderr.emit(chunk));
  // 'close', not 'exit': the last output has been read when it fires.
  const exited = new Promise<void>((resolve) => child.on('close', (code, signal) => resolve(events.exit(code, signal))));

  return {
    identity,
    exited,
    ...events.handlers(),
    write: (data) => {
      if (!events.exited && child.stdin.writable) child.stdin.write(data);
    },
    kill: () => {
      if (events.exited) return;
      void identity.then((id) => {
        if (id) return killSession(id);
        child.kill('SIGKILL');
      });
    },
    memoryBytes: async () => {
      const id = await identity;
      return id && !events.exited ? treeResidentBytes(id) : null;
    },
  };
}
