/**
 * The terminals of one workspace: opens them on the environment (or takes back the
 * held ones an earlier server process left), finds them by id, and detaches a client
 * from all of them when its socket closes.
 */
import { TerminalNotFoundError } from '../errors';
import type { ExecutionEnvironment, TerminalHandle } from '../executor';
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
    const session = this.add(handle, size);
    opener.send({ type: 'term.opened', termId: session.id, cols: size.cols, rows: size.rows });
    // From the first output: a holder may have some (a login shell's greeting) before we attached.
    session.attach(opener, handle.start ?? 0);
    return session.summary();
  }

  /**
   * A held terminal re-attached (`reattachTerminal`): same id, output offsets from
   * `handle.start`, nobody attached yet (clients `term.attach` with their `since`).
   */
  adopt(handle: TerminalHandle, size: { cols: number; rows: number }): TerminalSummary {
    return this.add(handle, normaliseSize(size)).summary();
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

  /** Lets go of every terminal: held shells run on (`TerminalSession.release`). */
  releaseAll(): void {
    for (const session of [...this.sessions.values()]) session.release();
  }

  private add(handle: TerminalHandle, size: { cols: number; rows: number }): TerminalSession {
    // A held terminal may have output from before this process: far-behind clients get its screen.
    const options = handle.detach ? { ...this.options, screenOnSkip: true } : this.options;
    const session = new TerminalSession(handle, size, options, {
      onOutput: this.onOutput,
      onGone: (gone) => this.sessions.delete(gone.id),
    });
    this.sessions.set(session.id, session);
    return session;
  }
}
