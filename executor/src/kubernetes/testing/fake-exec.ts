/**
 * The exec endpoint of the fake API server: the channel protocol over WebSocket
 * (v4 and v5), running the command on this machine in the pod's folder.
 *
 * Wire format (both directions): binary frames whose first byte is the channel.
 *   0 stdin, 1 stdout, 2 stderr, 3 status (a `Status` JSON when the command ends),
 *   4 resize (`{"Width":c,"Height":r}`), 255 close (v5 only: `[255, channel]`).
 * `/app` in the command is mapped to the pod's folder, which stands in for the volume.
 */
import { spawn as spawnProcess } from 'node:child_process';
import { spawn as spawnPty } from '@lydell/node-pty';
import type { WebSocket } from 'ws';
import { statusForExitCode } from '../exec-status';

export interface ExecFaults {
  /** Close the stream after the command ends, without sending its status. */
  dropBeforeStatus: boolean;
  /** Read stdin slowly: pause the socket after every frame. */
  slowReader: boolean;
}

const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const STATUS = 3;
const RESIZE = 4;
const CLOSE = 255;

export function mapAppPath(arg: string, podDir: string): string {
  // A pod's /tmp is its own: the push fence kept there (kubernetes-environment.ts) is per pod here too.
  if (arg === '/tmp/.tandem-fence') return `${podDir}.tmp-fence`;
  return arg.replace(/(?<![\w.\/-])\/app(?=$|[\/\s"';&|)])/g, podDir);
}

interface Process {
  write(data: Buffer): boolean | void;
  endInput(): void;
  resize(cols: number, rows: number): void;
  kill(): void;
  onDrain(listener: () => void): void;
}

export function serveExec(ws: WebSocket, podDir: string, query: URLSearchParams, faults: ExecFaults, onPing: () => void = () => {}): void {
  const command = query.getAll('command').map((arg) => mapAppPath(arg, podDir));
  const tty = query.get('tty') === 'true';
  const v5 = ws.protocol === 'v5.channel.k8s.io';
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: podDir, LANG: 'C.UTF-8', ...(tty ? { TERM: 'xterm-256color' } : {}) };
  let finished = false;

  const send = (channel: number, data: Buffer | string) => {
    if (ws.readyState !== ws.OPEN) return;
    const body = typeof data === 'string' ? Buffer.from(data) : data;
    ws.send(Buffer.concat([Buffer.from([channel]), body]));
  };
  const finish = (status: object) => {
    if (finished) return;
    finished = true;
    if (faults.dropBeforeStatus) return void ws.terminate();
    send(STATUS, JSON.stringify(status));
    ws.close(1000);
  };

  if (command.length === 0) return finish({ metadata: {}, status: 'Failure', reason: 'BadRequest', message: 'you must specify at least one command' });
  const proc = tty ? startPty(command, podDir, env, send, finish) : startChild(command, podDir, env, send, finish);

  ws.on('message', (raw: Buffer) => {
    const channel = raw[0];
    const body = raw.subarray(1);
    if (channel === STDIN) {
      const accepted = proc.write(body);
      // Backpressure from the process, like the kubelet's stream copy.
      if (accepted === false || faults.slowReader) {
        ws.pause();
        if (faults.slowReader) setTimeout(() => ws.resume(), 5);
        else proc.onDrain(() => ws.resume());
      }
    } else if (channel === RESIZE) {
      const size = JSON.parse(body.toString()) as { Width: number; Height: number };
      proc.resize(size.Width, size.Height);
    } else if (channel === CLOSE && v5 && body[0] === STDIN) {
      proc.endInput();
    }
  });
  ws.on('ping', onPing); // ws answers with a pong by itself
  ws.on('close', () => proc.kill());
}

type Send = (channel: number, data: Buffer | string) => void;
type Finish = (status: object) => void;

function startChild(command: string[], cwd: string, env: Record<string, string>, send: Send, finish: Finish): Process {
  const child = spawnProcess(command[0]!, command.slice(1), { cwd, env, stdio: 'pipe' });
  child.stdout.on('data', (d: Buffer) => send(STDOUT, d));
  child.stderr.on('data', (d: Buffer) => send(STDERR, d));
  child.stdin.on('error', () => {}); // the command may exit without reading its input
  child.on('error', (error) => finish({ metadata: {}, status: 'Failure', reason: 'InternalError', message: `exec failed: ${error.message}` }));
  // 'close' (not 'exit'): all output has been sent before the status.
  child.on('close', (code, signal) => finish(statusForExitCode(code ?? 128 + signalNumber(signal))));
  return {
    write: (data) => child.stdin.write(data),
    endInput: () => child.stdin.end(),
    resize: () => {},
    kill: () => child.kill('SIGKILL'),
    onDrain: (listener) => child.stdin.once('drain', listener),
  };
}

function startPty(command: string[], cwd: string, env: Record<string, string>, send: Send, finish: Finish): Process {
  const pty = spawnPty(command[0]!, command.slice(1), { cwd, env, cols: 80, rows: 24, name: 'xterm-256color' });
  pty.onData((data) => send(STDOUT, data));
  // node-pty may report the exit before the last output is read: let it drain first.
  pty.onExit(({ exitCode }) => setTimeout(() => finish(statusForExitCode(exitCode)), 50));
  return {
    write: (data) => pty.write(data.toString('utf8')),
    endInput: () => pty.write('\x04'),
    resize: (cols, rows) => pty.resize(cols, rows),
    kill: () => {
      try {
        pty.kill('SIGKILL');
      } catch {
        // already gone
      }
    },
    onDrain: (listener) => setImmediate(listener),
  };
}

function signalNumber(signal: NodeJS.Signals | null): number {
  const numbers: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
  return (signal && numbers[signal]) ?? 1;
}
