/**
 * Keeps the embedded PostgreSQL running. When it exits without being asked to (killed,
 * crashed, OOM), it is started again on the same data directory and port, so the
 * pools' URL stays right; PostgreSQL's own crash recovery replays its WAL, and every
 * committed transaction is there. Restarts follow restart-policy.ts (backoff, then
 * give up after repeated failures within a short window); each exit, attempt and
 * restart is logged and reported to `onEvent`. `stop()` stops it once, and no restart
 * follows a stop.
 */
import { EmbeddedPostgresError } from './errors';
import type { Postmaster, PostmasterExit } from './embedded-postmaster';
import type { PersistenceLogger } from './logger';
import { nextRestart, recentFailures, type RestartPolicy } from './restart-policy';

export type EmbeddedPostgresEvent =
  /** PostgreSQL exited unexpectedly; a restart follows (or `gave-up`). */
  | { kind: 'exited'; code: number | null }
  | { kind: 'restart-failed'; attempt: number; error: unknown }
  | { kind: 'restarted'; attempt: number; downMs: number }
  /** No more restarts: the database stays down. The process should stop. */
  | { kind: 'gave-up'; error: EmbeddedPostgresError };

export interface SuperviseOptions {
  /** Start PostgreSQL again (same data directory and port); resolves once it accepts connections. */
  restart(): Promise<Postmaster>;
  policy: RestartPolicy;
  log: PersistenceLogger;
  onEvent?: (event: EmbeddedPostgresEvent) => void;
  now?: () => number;
}

export interface SupervisedPostmaster {
  /** Stops PostgreSQL (once, however often called) and ends the supervision. */
  stop(): Promise<void>;
}

export function supervisePostmaster(first: Postmaster, options: SuperviseOptions): SupervisedPostmaster {
  return new Supervisor(first, options);
}

class Supervisor implements SupervisedPostmaster {
  private current: Postmaster | null = null;
  private failures: number[] = [];
  private restarting: Promise<void> | null = null;
  private stopping: Promise<void> | null = null;
  private cancelWait: (() => void) | null = null;
  private readonly now: () => number;

  constructor(
    first: Postmaster,
    private readonly options: SuperviseOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.watch(first);
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.cancelWait?.();
      await this.restarting;
      const current = this.current;
      this.current = null;
      await current?.stop();
    })();
    return this.stopping;
  }

  private watch(postmaster: Postmaster): void {
    this.current = postmaster;
    void postmaster.exited.then((exit) => {
      if (this.stopping || this.current !== postmaster) return;
      this.current = null;
      this.restarting = this.recover(exit).finally(() => {
        this.restarting = null;
      });
    });
  }

  private async recover(exit: PostmasterExit): Promise<void> {
    const { log, onEvent, policy } = this.options;
    const downSince = this.now();
    this.fail(downSince);
    log.error({ exitCode: exit.code }, 'embedded PostgreSQL exited unexpectedly; starting it again on the same data directory and port');
    onEvent?.({ kind: 'exited', code: exit.code });
    for (let attempt = 1; ; attempt++) {
      const decision = nextRestart(policy, this.failures, this.now());
      if (decision.kind === 'give-up') {
        const error = new EmbeddedPostgresError(
          'embedded_postgres_gave_up',
          `the embedded PostgreSQL failed ${decision.failures} times within ${Math.round(policy.windowMs / 1000)} s; not restarting it again (see the log above for why it exited or would not start)`,
        );
        log.error({ failures: decision.failures }, error.message);
        onEvent?.({ kind: 'gave-up', error });
        return;
      }
      if (!(await this.wait(decision.delayMs))) return;
      try {
        const postmaster = await this.options.restart();
        if (this.stopping) {
          await postmaster.stop();
          return;
        }
        this.watch(postmaster);
        const downMs = this.now() - downSince;
        log.warn({ attempt, downMs }, 'embedded PostgreSQL is running again');
        onEvent?.({ kind: 'restarted', attempt, downMs });
        return;
      } catch (error) {
        this.fail(this.now());
        log.warn({ err: error, attempt }, 'embedded PostgreSQL did not start again; retrying');
        onEvent?.({ kind: 'restart-failed', attempt, error });
      }
    }
  }

  private fail(at: number): void {
    this.failures = [...recentFailures(this.options.policy, this.failures, at), at];
  }

  /** Sleeps `ms`; false when a stop cut the wait short. */
  private wait(ms: number): Promise<boolean> {
    if (this.stopping) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.cancelWait = null;
        resolve(true);
      }, ms);
      this.cancelWait = () => {
        clearTimeout(timer);
        this.cancelWait = null;
        resolve(false);
      };
    });
  }
}
