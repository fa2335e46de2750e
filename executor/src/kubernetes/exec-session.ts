/**
 * One exec stream to a container: the channel protocol over WebSocket.
 *
 * We offer only v5.channel.k8s.io and v4.channel.k8s.io. Frames are binary, the
 * first byte is the channel: 0 stdin, 1 stdout, 2 stderr, 3 status, 4 resize.
 * v5 adds channel 255 ("close"): `[255, 0]` closes stdin, the only way to give the
 * command EOF; on v4 stdin cannot be closed, so callers frame what they send
 * (`archive/framing.ts`). How the command ended is known only from the `Status` on
 * channel 3: a stream that closes without one is an error, never a success.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { stringify } from 'node:querystring';
import WebSocket from 'ws';
import { ExecStreamError } from './errors';
import { outcomeOfStatus, type ExecOutcome } from './exec-status';

export const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];
const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const STATUS = 3;
const RESIZE = 4;
const CLOSE = 255;
/** Large stdin payloads go in slices, so no single frame hits a proxy's message limit. */
const STDIN_FRAME_BYTES = 256 * 1024;

export interface ExecTarget {
  kubeConfig: KubeConfig;
  namespace: string;
  pod: string;
  container: string;
}

export interface ExecRequest {
  command: string[];
  stdin: boolean;
  tty: boolean;
  onStdout?: (data: Buffer) => void;
  onStderr?: (data: Buffer) => void;
  /** WebSocket ping interval; 0 for none. */
  keepaliveMs?: number;
}

export class ExecSession {
  /** Settles when the command ends: its outcome, or ExecStreamError('dropped') if the stream closed first. */
  readonly done: Promise<ExecOutcome>;
  private settle!: (outcome: ExecOutcome | ExecStreamError) => void;
  private ws: WebSocket | undefined;

  private constructor(private readonly request: ExecRequest) {
    this.done = new Promise((resolve, reject) => {
      this.settle = (outcome) => (outcome instanceof ExecStreamError ? reject(outcome) : resolve(outcome));
    });
    this.done.catch(() => {}); // callers that only kill() need not observe it
  }

  static async open(target: ExecTarget, request: ExecRequest): Promise<ExecSession> {
    const session = new ExecSession(request);
    const query = stringify({ command: request.command, container: target.container, stdin: request.stdin, stdout: true, stderr: !request.tty, tty: request.tty });
    const path = `/api/v1/namespaces/${encodeURIComponent(target.namespace)}/pods/${encodeURIComponent(target.pod)}/exec?${query}`;
    session.attach(await connect(target.kubeConfig, path, (channel, data) => session.onFrame(channel, data)));
    return session;
  }

  get protocol(): string {
    return this.ws?.protocol ?? '';
  }

  get canCloseStdin(): boolean {
    return this.protocol === 'v5.channel.k8s.io';
  }

  write(data: Buffer | string): void {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    for (let i = 0; i < bytes.length; i += STDIN_FRAME_BYTES) this.send(STDIN, bytes.subarray(i, i + STDIN_FRAME_BYTES));
  }

  /** Gives the command EOF on stdin (v5). Returns false on v4, which cannot. */
  closeStdin(): boolean {
    if (!this.canCloseStdin) return false;
    this.ws?.send(Buffer.from([CLOSE, STDIN]));
    return true;
  }

  resize(cols: number, rows: number): void {
    this.send(RESIZE, Buffer.from(JSON.stringify({ Width: cols, Height: rows })));
  }

  /** Stops reading (backpressure towards the API server) until resume(). */
  pause(): void {
    this.ws?.pause();
  }

  resume(): void {
    this.ws?.resume();
  }

  close(): void {
    this.ws?.close();
  }

  private attach(ws: WebSocket): void {
    this.ws = ws;
    const keepalive = this.request.keepaliveMs ? setInterval(() => ws.readyState === ws.OPEN && ws.ping(), this.request.keepaliveMs) : undefined;
    keepalive?.unref();
    ws.on('close', () => {
      clearInterval(keepalive);
      this.settle(new ExecStreamError('dropped', 'the exec stream closed before the command reported its exit status'));
    });
    ws.on('error', () => {}); // followed by 'close'
  }

  private onFrame(channel: number, data: Buffer): boolean {
    if (channel === STDOUT) this.request.onStdout?.(data);
    else if (channel === STDERR) this.request.onStderr?.(data);
    else if (channel === STATUS) {
      try {
        this.settle(outcomeOfStatus(JSON.parse(data.toString('utf8'))));
      } catch (cause) {
        this.settle(new ExecStreamError('exec-failed', 'unreadable status on the exec status channel', { cause }));
      }
      return false; // the status is the last frame: the handler closes the socket
    }
    return true;
  }

  private send(channel: number, body: Buffer): void {
    if (this.ws?.readyState !== WebSocket.OPEN) return;
    this.ws.send(Buffer.concat([Buffer.from([channel]), body]));
  }
}

/**
 * Opens the WebSocket the way the client library does (server address, TLS and
 * credentials from the KubeConfig), but offering only v5 and v4, and reading the
 * HTTP status of a refused upgrade (403 when RBAC lacks pods/exec).
 */
async function connect(kc: KubeConfig, path: string, onFrame: (channel: number, data: Buffer) => boolean): Promise<WebSocket> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new ExecStreamError('upgrade-failed', 'the kubeconfig has no current cluster');
  const uri = cluster.server.replace(/^http/, 'ws') + path;
  const opts: WebSocket.ClientOptions = {};
  await kc.applyToHTTPSOptions(opts);
  const ws = new WebSocket(uri, EXEC_PROTOCOLS, opts);
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (!isBinary || data.length === 0) return; // the channel protocols are binary; text frames are not ours
    if (!onFrame(data[0]!, data.subarray(1))) ws.close();
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => {
      const code = res.statusCode ?? 0;
      res.resume();
      ws.terminate();
      reject(
        code === 403
          ? new ExecStreamError('forbidden', 'the API server refused exec (403): the service account needs create on pods/exec')
          : new ExecStreamError('upgrade-failed', `the API server refused exec (${code})`),
      );
    });
    ws.once('error', (cause) => reject(new ExecStreamError('upgrade-failed', `exec connection failed: ${cause.message}`, { cause })));
  });
}
