/**
 * The listener side of a `ProcessHandle`, the same for every backend (pure logic):
 * stdout and stderr chunks fanned out to listeners, and the exit told once.
 *
 * A program may write before the caller has subscribed (pyright logs as it starts,
 * and the handle reaches the caller through several awaits), so what a pipe carries
 * before its first listener is kept for that listener, up to EARLY_OUTPUT_BYTES. A
 * listener that subscribes after the exit hears it anyway: a dead language server
 * must never look alive.
 */
import type { ProcessHandle } from '../executor';

export const EARLY_OUTPUT_BYTES = 1024 * 1024;

type ExitListener = (code: number | null, signal: string | null) => void;

class OutputPipe {
  private readonly listeners = new Set<(chunk: Buffer) => void>();
  private early: Buffer[] | null = [];
  private earlyBytes = 0;

  emit(chunk: Buffer): void {
    if (this.early) {
      if (this.earlyBytes + chunk.length <= EARLY_OUTPUT_BYTES) this.early.push(chunk);
      this.earlyBytes += chunk.length;
      return;
    }
    for (const listener of this.listeners) listener(chunk);
  }

  listen(listener: (chunk: Buffer) => void): () => void {
    this.listeners.add(listener);
    const early = this.early;
    this.early = null;
    for (const chunk of early ?? []) listener(chunk);
    return () => this.listeners.delete(listener);
  }
}

export class ProcessEvents {
  readonly stdout = new OutputPipe();
  readonly stderr = new OutputPipe();
  private readonly exitListeners = new Set<ExitListener>();
  private outcome: { code: number | null; signal: string | null } | null = null;

  get exited(): boolean {
    return this.outcome !== null;
  }

  /** Tells the listeners how the program ended; later calls are ignored (the first cause wins). */
  exit(code: number | null, signal: string | null): void {
    if (this.outcome) return;
    this.outcome = { code, signal };
    for (const listener of this.exitListeners) listener(code, signal);
    this.exitListeners.clear();
  }

  /** The three `on…` methods of a `ProcessHandle`. */
  handlers(): Pick<ProcessHandle, 'onStdout' | 'onStderr' | 'onExit'> {
    return {
      onStdout: (listener) => this.stdout.listen(listener),
      onStderr: (listener) => this.stderr.listen(listener),
      onExit: (listener) => {
        const outcome = this.outcome;
        if (outcome) {
          queueMicrotask(() => listener(outcome.code, outcome.signal));
          return () => {};
        }
        this.exitListeners.add(listener);
        return () => this.exitListeners.delete(listener);
      },
    };
  }
}
