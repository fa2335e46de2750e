/**
 * A program in a workspace pod with pipes and no terminal (a language server): an
 * exec stream with stdin, stdout and stderr apart, its exit status from the status
 * channel (`exec-session.ts`).
 *
 * Closing an exec stream does not end a program without a terminal: no hangup
 * reaches it, and the kubelet leaves it running. So the program starts behind a line
 * of shell that writes its pid to /tmp and execs it, and `kill()` closes its stdin
 * (v5; a language server exits on EOF), kills that pid with a second exec, and
 * closes the stream once the program ended, or after KILL_GRACE_MS at the latest.
 */
import { randomUUID } from 'node:crypto';
import type { ProcessHandle } from '../executor';
import { ProcessEvents } from '../processes/process-events';
import type { ExecRequest, ExecSession } from './exec-session';
import { LOST_CONNECTION_EXIT_CODE } from './kubernetes-terminal';

const KILL_GRACE_MS = 5_000;
/** What a program killed by SIGKILL exits with, as the container runtime reports it. */
const KILLED_EXIT_CODE = 128 + 9;

/** The command that writes its shell's pid to `pidFile`, then becomes `argv` (same pid). */
export function pidRecordingCommand(pidFile: string, argv: string[]): string[] {
  return ['sh', '-c', 'echo $$ > "$1" || exit 125; shift; exec "$@"', 'tandem-process', pidFile, ...argv];
}

/** Kills the pid in `pidFile`, waiting a second for the file when the kill came right after the start. */
export function killCommand(pidFile: string): string[] {
  const script = 'for i in 1 2 3 4 5 6 7 8 9 10; do [ -s "$1" ] && break; sleep 0.1; done; kill -KILL "$(cat "$1")" 2>/dev/null; rm -f "$1"';
  return ['sh', '-c', script, 'tandem-kill', pidFile];
}

/** `open` is the environment's, so its streams are closed with the environment. */
export async function openKubernetesProcess(
  argv: string[],
  open: (request: ExecRequest) => Promise<ExecSession>,
): Promise<ProcessHandle> {
  const events = new ProcessEvents();
  const pidFile = `/tmp/tandem-process-${randomUUID()}.pid`;
  const session = await open({
    command: pidRecordingCommand(pidFile, argv),
    stdin: true,
    tty: false,
    onStdout: (chunk) => events.stdout.emit(chunk),
    onStderr: (chunk) => events.stderr.emit(chunk),
  });
  let killed = false;
  session.done.then(
    (outcome) => {
      if (outcome.kind !== 'exited') return events.exit(LOST_CONNECTION_EXIT_CODE, null);
      if (killed && outcome.code === KILLED_EXIT_CODE) return events.exit(null, 'SIGKILL');
      events.exit(outcome.code, null);
    },
    () => events.exit(LOST_CONNECTION_EXIT_CODE, null),
  );

  return {
    ...events.handlers(),
    write: (data) => {
      if (!events.exited) session.write(typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    },
    kill: () => {
      if (killed || events.exited) return;
      killed = true;
      session.closeStdin();
      void open({ command: killCommand(pidFile), stdin: false, tty: false }).then((killer) => killer.done).catch(() => {});
      const grace = setTimeout(() => session.close(), KILL_GRACE_MS);
      grace.unref();
      void session.done.catch(() => {}).finally(() => clearTimeout(grace));
    },
    memoryBytes: async () => null,
  };
}
