/**
 * Runs one command to completion in the workspace (no terminal): output is stdout
 * and stderr interleaved as they arrive, capped to its last `maxOutputBytes`.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { CommandTimeoutError } from '../errors';
import { identify, killSession } from './process-tree';
import type { ProcessCommand } from './sandbox-command';

export interface RunResult {
  exitCode: number;
  output: string;
}

export function runCommand(
  command: ProcessCommand,
  shellCommand: string,
  opts: { timeoutMs: number; maxOutputBytes: number; signal?: AbortSignal },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    // detached: the child leads a new session, so a timeout kills everything it started.
    const child = spawn(command.file, command.args, { cwd: command.cwd, env: command.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const identity = child.pid === undefined ? Promise.resolve(null) : identify(child.pid);
    const chunks: Buffer[] = [];
    let kept = 0;
    const collect = (chunk: Buffer) => {
      chunks.push(chunk);
      kept += chunk.length;
      while (kept - chunks[0]!.length >= opts.maxOutputBytes) kept -= chunks.shift()!.length;
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const killAll = () =>
      void identity.then((id) => {
        if (id) return killSession(id);
        child.kill('SIGKILL');
      });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killAll();
    }, opts.timeoutMs);
    opts.signal?.addEventListener('abort', killAll, { once: true });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', killAll);
      if (timedOut) return reject(new CommandTimeoutError(shellCommand, opts.timeoutMs));
      const exitCode = code ?? 128 + signalNumber(signal);
      resolve({ exitCode, output: Buffer.concat(chunks).toString('utf8') });
    });
  });
}

function signalNumber(signal: NodeJS.Signals | null): number {
  return (signal && constants.signals[signal]) || 1;
}
