/**
 * One FIFO of async tasks per key (a workspace). Tree events and document changes
 * must reach the executor in the order they happened even though each needs a
 * lookup first (a rename marked after a later delete would resurrect the file);
 * pulled changes must be applied in the order the diff lists them (a folder is
 * deleted before a file takes its path). Pure: no I/O, no timers.
 */
export class SerialQueues {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `task` after every task queued before it under `key`; a failure is reported, never blocks the queue. */
  push(key: string, task: () => Promise<void>, onError: (error: unknown) => void): Promise<void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(task).catch(onError);
    this.tails.set(key, next);
    // Forget idle keys, so the map holds only workspaces with work in flight.
    void next.then(() => {
      if (this.tails.get(key) === next) this.tails.delete(key);
    });
    return next;
  }

  /** Resolves once everything queued so far under `key` is done. */
  idle(key: string): Promise<void> {
    return this.tails.get(key) ?? Promise.resolve();
  }

  /** Resolves once everything queued so far is done (shutdown). */
  async drain(): Promise<void> {
    await Promise.all([...this.tails.values()]);
  }
}
