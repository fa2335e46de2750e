// The VU thread's side of its link to the main thread, which does the real I/O.
// The VU may block (k6 scripts are synchronous), so replies are not awaited: the VU
// posts a request, sleeps in Atomics.wait on a shared counter the main thread bumps
// after every message it posts, and takes messages off the port with
// receiveMessageOnPort (the synckit technique). Never add a 'message' listener to
// this port: that would deliver the replies asynchronously instead.
import { receiveMessageOnPort } from 'node:worker_threads';

export class Bridge {
  /** @param {import('node:worker_threads').MessagePort} port @param {Int32Array} signal */
  constructor(port, signal) {
    this.port = port;
    this.signal = signal;
    this.inbox = [];
    this.nextId = 1;
  }

  post(message, transfer) {
    this.port.postMessage(message, transfer);
  }

  /** Messages that have arrived, waiting until one does or `deadline` (epoch ms) passes. */
  take(deadline = Infinity) {
    for (;;) {
      const seen = Atomics.load(this.signal, 0);
      for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port)) this.inbox.push(m.message);
      if (this.inbox.length > 0) return this.inbox.splice(0);
      if (deadline === Infinity) {
        Atomics.wait(this.signal, 0, seen);
      } else {
        const left = deadline - Date.now();
        if (left <= 0) return [];
        Atomics.wait(this.signal, 0, seen, left);
      }
    }
  }

  /** A blocking request/reply; other messages that arrive meanwhile stay queued for take(). */
  call(op, payload) {
    const id = this.nextId++;
    this.post({ id, op, ...payload });
    const kept = [];
    for (;;) {
      const batch = this.take();
      const at = batch.findIndex((m) => m.replyTo === id);
      if (at === -1) {
        kept.push(...batch);
        continue;
      }
      this.inbox.unshift(...kept, ...batch.slice(0, at), ...batch.slice(at + 1));
      return batch[at];
    }
  }
}
