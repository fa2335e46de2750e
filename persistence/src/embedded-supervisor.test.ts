import { describe, expect, it } from 'vitest';
import type { Postmaster, PostmasterExit } from './embedded-postmaster';
import { supervisePostmaster, type EmbeddedPostgresEvent } from './embedded-supervisor';
import { silentLogger } from './logger';
import type { RestartPolicy } from './restart-policy';

const policy: RestartPolicy = { firstDelayMs: 1, maxDelayMs: 4, maxFailures: 3, windowMs: 60_000 };

/** A postmaster whose exit the test decides; counts its stops. */
function fakePostmaster() {
  let exit!: (value: PostmasterExit) => void;
  const exited = new Promise<PostmasterExit>((resolve) => (exit = resolve));
  const fake = {
    stops: 0,
    exited,
    crash: (code = 137) => exit({ code }),
    async stop() {
      fake.stops++;
      exit({ code: 0 });
    },
  };
  return fake satisfies Postmaster;
}

function until<T>(events: EmbeddedPostgresEvent[], kind: EmbeddedPostgresEvent['kind']): Promise<T> {
  return new Promise((resolve) => {
    const poll = () => {
      const found = events.find((e) => e.kind === kind);
      if (found) resolve(found as T);
      else setTimeout(poll, 1);
    };
    poll();
  });
}

describe('supervisePostmaster', () => {
  it('starts PostgreSQL again when it exits unexpectedly, and stops the new one once', async () => {
    const first = fakePostmaster();
    const second = fakePostmaster();
    const events: EmbeddedPostgresEvent[] = [];
    let restarts = 0;
    const supervised = supervisePostmaster(first, {
      policy,
      log: silentLogger,
      onEvent: (e) => events.push(e),
      restart: async () => {
        restarts++;
        return second;
      },
    });
    first.crash();
    await until(events, 'restarted');
    expect(events.map((e) => e.kind)).toEqual(['exited', 'restarted']);
    expect(restarts).toBe(1);
    await Promise.all([supervised.stop(), supervised.stop()]);
    expect(second.stops).toBe(1);
    expect(first.stops).toBe(0);
    expect(restarts).toBe(1);
  });

  it('retries a restart that fails, then gives up after repeated failures', async () => {
    const first = fakePostmaster();
    const events: EmbeddedPostgresEvent[] = [];
    let attempts = 0;
    supervisePostmaster(first, {
      policy,
      log: silentLogger,
      onEvent: (e) => events.push(e),
      restart: async () => {
        attempts++;
        throw new Error('could not bind IPv4 address');
      },
    });
    first.crash();
    const gaveUp = await until<{ error: Error }>(events, 'gave-up');
    // The crash and two failed starts make three failures: the policy's limit.
    expect(attempts).toBe(2);
    expect(events.map((e) => e.kind)).toEqual(['exited', 'restart-failed', 'restart-failed', 'gave-up']);
    expect(gaveUp.error.message).toMatch(/failed 3 times within 60 s; not restarting it again/);
  });

  it('does not restart after a clean stop, nor while one is under way', async () => {
    const first = fakePostmaster();
    let restarts = 0;
    const supervised = supervisePostmaster(first, {
      policy: { ...policy, firstDelayMs: 50 },
      log: silentLogger,
      restart: async () => {
        restarts++;
        return fakePostmaster();
      },
    });
    await supervised.stop();
    expect(first.stops).toBe(1);
    await new Promise((r) => setTimeout(r, 80));
    expect(restarts).toBe(0);
  });

  it('a stop during the backoff cancels the pending restart', async () => {
    const first = fakePostmaster();
    let restarts = 0;
    const events: EmbeddedPostgresEvent[] = [];
    const supervised = supervisePostmaster(first, {
      policy: { ...policy, firstDelayMs: 50 },
      log: silentLogger,
      onEvent: (e) => events.push(e),
      restart: async () => {
        restarts++;
        return fakePostmaster();
      },
    });
    first.crash();
    await until(events, 'exited');
    await supervised.stop();
    await new Promise((r) => setTimeout(r, 80));
    expect(restarts).toBe(0);
  });
});
