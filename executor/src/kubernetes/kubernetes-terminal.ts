/**
 * A terminal in a workspace pod: an exec stream with a TTY. The size is sent on
 * the resize channel right after the stream opens (exec has no size parameter),
 * and the socket is pinged so idle terminals survive proxies' idle timeouts.
 */
import { StringDecoder } from 'node:string_decoder';
import type { TerminalHandle } from '../executor';
import { ExecSession, type ExecTarget } from './exec-session';

/** Reported as the exit code when the stream is lost before the shell's status arrives. */
export const LOST_CONNECTION_EXIT_CODE = -1;

export async function openKubernetesTerminal(
  target: ExecTarget,
  id: string,
  size: { cols: number; rows: number },
  keepaliveMs: number,
): Promise<TerminalHandle> {
  const dataListeners = new Set<(data: string) => void>();
  const exitListeners = new Set<(code: number) => void>();
  const decoder = new StringDecoder('utf8'); // a character may be split across frames
  let exitCode: number | undefined;

  const session = await ExecSession.open(target, {
    command: ['bash', '-l'],
    stdin: true,
    tty: true,
    keepaliveMs,
    onStdout: (data) => {
      const text = decoder.write(data);
      if (text) for (const listener of dataListeners) listener(text);
    },
  });
  session.resize(size.cols, size.rows);
  session.done.then(
    (outcome) => exit(outcome.kind === 'exited' ? outcome.code : LOST_CONNECTION_EXIT_CODE),
    () => exit(LOST_CONNECTION_EXIT_CODE),
  );

  function exit(code: number): void {
    if (exitCode !== undefined) return;
    exitCode = code;
    for (const listener of exitListeners) listener(code);
  }

  return {
    id,
    write: (data) => session.write(data),
    resize: (cols, rows) => session.resize(cols, rows),
    kill: () => session.close(),
    // Backpressure to the API server, and through it to the shell in the pod.
    pause: () => session.pause(),
    resume: () => session.resume(),
    onData(listener) {
      dataListeners.add(listener);
      return () => dataListeners.delete(listener);
    },
    onExit(listener) {
      if (exitCode !== undefined) {
        const code = exitCode;
        queueMicrotask(() => listener(code));
        return () => {};
      }
      exitListeners.add(listener);
      return () => exitListeners.delete(listener);
    },
  };
}
