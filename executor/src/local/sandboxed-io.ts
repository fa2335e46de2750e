/**
 * File transfers through the sandbox: pushes are the same bash script the pod runs
 * (`REMOTE_PUSH_SCRIPT`), fed a framed archive on stdin; pulls are `tar` of /app
 * read by the hostile-archive reader. Both run inside the workspace's sandbox, as its
 * uid, so nothing the workspace can change between a check and a write (a folder
 * swapped for a link) can make the server write or read outside it.
 */
import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { encodeFrame, FENCED_EXIT, readTreeSnapshot, REMOTE_PUSH_SCRIPT, STAGING_PREFIX, type PullLimits } from '../archive';
import { FencedError, PullError, PushError } from '../errors';
import type { PulledChangeEntry } from '../executor';
import { SANDBOX_WORKSPACE_DIR, type ProcessCommand } from './sandbox-command';

const TRANSFER_TIMEOUT_MS = 60_000;

/** Where the workspace's push fence is bound inside the sandbox, for pushes only (never for shells). */
export const SANDBOX_FENCE_DIR = '/run/tandem-fence';

/**
 * `epoch`: the pusher's lease; `fence`: the fence folder as the push sees it; `root`:
 * the workspace as the push sees it (/app in the sandbox, the folder itself in plain mode).
 */
export const pushArgv = (epoch: number, fence: string, kept: Iterable<string>, root = SANDBOX_WORKSPACE_DIR) => ['bash', '-c', REMOTE_PUSH_SCRIPT, 'tandem-push', root, String(epoch), fence, ...kept];

export const pullArgv = (ignored: Iterable<string>) => [
  'tar', '-C', SANDBOX_WORKSPACE_DIR, `--exclude=./${STAGING_PREFIX}*`, ...[...ignored].map((name) => `--exclude=${name}`), '-cf', '-', '.',
];

export async function pushThroughSandbox(command: ProcessCommand, archive: Buffer): Promise<void> {
  const { code, stderr } = await transfer(command, encodeFrame(archive), () => {});
  if (code === FENCED_EXIT) throw new FencedError(stderr.trim());
  if (code !== 0) throw new PushError(`push failed in the sandbox (exit ${code}): ${stderr.trim()}`);
}

export async function pullThroughSandbox(command: ProcessCommand, limits: Partial<PullLimits>): Promise<Map<string, PulledChangeEntry>> {
  const stream = new PassThrough({ highWaterMark: 1024 * 1024 });
  const done = transfer(command, null, (chunk) => stream.write(chunk)).finally(() => stream.end());
  done.catch(() => {});
  try {
    const snapshot = await readTreeSnapshot(stream, limits);
    const { code, stderr } = await done;
    // GNU tar exits 1 when a file changed while it was read: the snapshot is still usable.
    if (code > 1) throw new PullError(`pull failed in the sandbox (exit ${code}): ${stderr.trim()}`);
    return snapshot.entries;
  } catch (error) {
    if (error instanceof PullError) throw error;
    throw new PullError(`could not read the workspace's files: ${(error as Error).message}`, { cause: error });
  }
}

function transfer(command: ProcessCommand, input: Buffer | null, onStdout: (chunk: Buffer) => void): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command.file, command.args, { cwd: command.cwd, env: command.env, stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), TRANSFER_TIMEOUT_MS);
    child.stdout!.on('data', onStdout);
    child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4096)));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stderr });
    });
    if (input) {
      child.stdin!.on('error', () => {}); // the script may exit before reading everything: its exit code says why
      child.stdin!.end(input);
    }
  });
}
