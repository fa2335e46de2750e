/**
 * An in-memory `TerminalHandle` for unit tests of the terminal layer: the test
 * plays the process (emits output, exits) and reads what was typed.
 */
import type { TerminalHandle } from '../executor';

export class FakeTerminalHandle implements TerminalHandle {
  readonly written: string[] = [];
  readonly sizes: Array<[number, number]> = [];
  killed = false;
  /** Whether the session asked to stop reading output (flow control). */
  paused = false;
  private dataListeners = new Set<(data: string) => void>();
  private exitListeners = new Set<(code: number) => void>();

  constructor(readonly id = 'term-1') {}

  write(data: string): void {
    this.written.push(data);
  }
  resize(cols: number, rows: number): void {
    this.sizes.push([cols, rows]);
  }
  kill(): void {
    this.killed = true;
  }
  pause(): void {
    this.paused = true;
  }
  resume(): void {
    this.paused = false;
  }
  onData(listener: (data: string) => void): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }
  onExit(listener: (code: number) => void): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  emit(data: string): void {
    for (const listener of this.dataListeners) listener(data);
  }
  exit(code: number): void {
    for (const listener of this.exitListeners) listener(code);
  }
}
