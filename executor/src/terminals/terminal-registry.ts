/**
 * The terminals of one workspace: opens them on the environment, finds them by id,
 * and detaches a client from all of them when its socket closes.
 */
import { TerminalNotFoundError } from '../errors';
import type { ExecutionEnvironment } from '../executor';
import type { TerminalSummary } from '@tandem/protocol';
import type { TerminalSubscriber } from './terminal-subscriber';
import { normaliseSize } from './terminal-size';
import { DEFAULT_TERMINAL_OPTIONS, TerminalSession, type TerminalSessionOptions } from './terminal-session';

export class TerminalRegistry {
  private readonly sessions = new Map<string, TerminalSession>();

  constructor(
    private readonly options: TerminalSessionOptions = DEFAULT_TERMINAL_OPTIONS,
    private readonly onOutput: () => void = () => {},
  ) {}

  /** Opens a terminal, tells the opener `term.opened`, and attaches it (before any output). */
  async open(
    environment: ExecutionEnvironment,
    size: { cols: number; rows: number },
    opener: TerminalSubscriber,
  ): Promise<TerminalSummary> {
    size = normaliseSize(size);
    const handle = await environment.openTerminal(size);
    const session = new TerminalSession(handle, size, this.options, {
      onOutput: this.onOutput,
      onGone: (gone) => this.sessions.delete(gone.id),
    });
    this.sessions.set(session.id, session);
    opener.send({ type: 'term.opened', termId: session.id, cols: size.cols, rows: size.rows });
    session.attach(opener);
    return session.summary();
  }

  get(termId: string): TerminalSession {
    const session = this.sessions.get(termId);
    if (!session) throw new TerminalNotFoundError(termId);
    return session;
  }

  find(termId: string): TerminalSession | undefined {
    return this.sessions.get(termId);
  }

  list(): TerminalSummary[] {
    return [...this.sessions.values()].map((s) => s.summary());
  }

  get size(): number {
    return this.sessions.size;
  }

  detachEverywhere(subscriber: TerminalSubscriber): void {
    for (const session of this.sessions.values()) session.detach(subscriber);
  }

  closeAll(): void {
    for (const session of [...this.sessions.values()]) session.close();
  }
}
