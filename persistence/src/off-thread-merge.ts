/**
 * Yjs merges on a worker thread. A compaction merges the document's state with the log
 * rows it folds (compaction-merge.ts): for a busy document, 500 updates from 200
 * clients, that took 17-36 ms, and on the event loop it held up every delivery of
 * every document meanwhile (the hot document's p99 propagation, README "Figures").
 * The compaction waits for the database anyway, so waiting for a thread costs nothing.
 *
 * One worker per store, started on the first merge and not keeping the process alive.
 * A worker that dies fails the merges it had (the compaction is retried later, the log
 * keeps every update) and the next merge starts another.
 */
import { Worker } from 'node:worker_threads';

type Reply = { id: number; state?: Uint8Array; error?: string };

export class OffThreadMerge {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(state: Uint8Array): void; reject(error: Error): void }>();

  /** `Y.mergeUpdates(parts)`, computed on the worker; rejects when Yjs cannot read a part. */
  merge(parts: readonly Uint8Array[]): Promise<Uint8Array> {
    const worker = this.started();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Copied, not transferred: row buffers may be slices of a shared pool.
      worker.postMessage({ id, parts });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.fail(new Error('merge worker closed'));
    await worker?.terminate();
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./merge-worker.mjs', import.meta.url));
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (reply.state) waiting.resolve(reply.state);
      else waiting.reject(new Error(reply.error ?? 'merge failed'));
    });
    const gone = (error: Error) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.fail(error);
    };
    worker.on('error', gone);
    worker.on('exit', (code) => gone(new Error(`merge worker exited (${code})`)));
    this.worker = worker;
    return worker;
  }

  private fail(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}
