/**
 * One VU worker as the runner sees it: the thread, its I/O host, and its messages as
 * promises. Samples and iteration errors are handed on as they arrive.
 */
import { MessageChannel, Worker } from 'node:worker_threads';
import { IoHost } from './io-host';
import type { WireSample } from './metric-store';

export interface VuMessage {
  type: string;
  message?: string;
  options?: unknown;
  hasSetup?: boolean;
  hasTeardown?: boolean;
  data?: string | null;
  stage?: string;
  vu?: number;
  iteration?: number;
  samples?: WireSample[];
}

export interface VuEvents {
  onSamples(samples: WireSample[]): void;
  onIterationError(error: { vu: number; iteration: number; message: string }): void;
}

export class VuHandle {
  private readonly worker: Worker;
  private readonly host: IoHost;
  private readonly queue: VuMessage[] = [];
  private waiter: ((m: VuMessage) => void) | null = null;
  private exited = false;

  constructor(vuId: number, vus: number, scriptUrl: string, env: Record<string, string>, counters: SharedArrayBuffer, events: VuEvents) {
    const { port1, port2 } = new MessageChannel();
    const signal = new SharedArrayBuffer(4);
    this.host = new IoHost(port1, new Int32Array(signal));
    // No execArgv: the VU thread loads only plain .mjs files and the script, without tsx or test-runner flags.
    this.worker = new Worker(new URL('./vu-worker.mjs', import.meta.url), {
      workerData: { vuId, vus, scriptUrl, env, port: port2, signal, counters },
      transferList: [port2],
      execArgv: [],
    });
    this.worker.on('message', (m: VuMessage) => {
      if (m.type === 'samples') events.onSamples(m.samples ?? []);
      else if (m.type === 'error') events.onIterationError({ vu: m.vu ?? vuId, iteration: m.iteration ?? 0, message: m.message ?? '' });
      else this.deliver(m);
    });
    this.worker.on('error', (error) => this.deliver({ type: 'crash', message: error.stack ?? error.message }));
    this.worker.on('exit', (code) => {
      this.exited = true;
      this.deliver({ type: 'exit', message: `VU thread exited with code ${code}` });
    });
  }

  private deliver(m: VuMessage): void {
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w(m);
    } else this.queue.push(m);
  }

  /** The next lifecycle message (ready, setup-done, done, ...), or null after `timeoutMs`. */
  next(timeoutMs = Infinity): Promise<VuMessage | null> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => {
      const timer = Number.isFinite(timeoutMs) ? setTimeout(() => { this.waiter = null; resolve(null); }, timeoutMs) : null;
      this.waiter = (m) => {
        if (timer) clearTimeout(timer);
        resolve(m);
      };
    });
  }

  send(message: object): void {
    this.worker.postMessage(message);
  }

  async stop(): Promise<void> {
    this.host.dispose();
    if (!this.exited) await this.worker.terminate();
  }
}
