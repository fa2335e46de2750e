/**
 * A `TerminalSubscriber` that records what it is sent, with a buffered amount the
 * test (or a benchmark) controls, to play a fast or a slow client.
 */
import type { TerminalServerMessage } from '@tandem/protocol';
import type { TerminalSubscriber } from './terminal-subscriber';

export class RecordingSubscriber implements TerminalSubscriber {
  readonly messages: TerminalServerMessage[] = [];
  buffered = 0;

  send(message: TerminalServerMessage): void {
    this.messages.push(message);
  }
  bufferedAmount(): number {
    return this.buffered;
  }

  /** The output text received, in order, with the offset the next output should carry. */
  text(): string {
    let out = '';
    for (const m of this.messages) if (m.type === 'term.output') out += m.data;
    return out;
  }

  /** Checks that offsets are contiguous, allowing announced skips; returns the end offset. */
  checkContiguous(start = 0): number {
    let at = start;
    for (const m of this.messages) {
      if (m.type === 'term.skipped') {
        if (m.from !== at || m.to < m.from) throw new Error(`bad skip ${m.from}->${m.to} at ${at}`);
        at = m.to;
      } else if (m.type === 'term.output') {
        if (m.seq !== at) throw new Error(`output at ${m.seq}, expected ${at}`);
        at += m.data.length;
      }
    }
    return at;
  }

  clear(): void {
    this.messages.length = 0;
  }
}
