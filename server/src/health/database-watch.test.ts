import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { Metrics } from '../metrics';
import { DatabaseWatch, type ProbeResult } from './database-watch';

const log = pino({ level: 'silent' });

function sample(metrics: Metrics, name: string): number {
  const line = metrics.render().split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : NaN;
}

/** A watch over a database the test switches on and off, on a clock the test moves. */
function harness() {
  let reachable = true;
  let clock = 1_000;
  let probes = 0;
  const metrics = new Metrics();
  const watch = new DatabaseWatch({
    probe: async (): Promise<ProbeResult> => {
      probes++;
      return reachable ? { reachable } : { reachable, error: 'connect ECONNREFUSED' };
    },
    intervalMs: 60_000,
    log,
    metrics,
    now: () => clock,
  });
  return {
    watch,
    metrics,
    set reachable(value: boolean) {
      reachable = value;
    },
    advance: (ms: number) => void (clock += ms),
    probes: () => probes,
  };
}

const settle = () => new Promise((r) => setTimeout(r, 5));

describe('DatabaseWatch', () => {
  it('reports an outage a suspicion confirms, counts it once and measures it when a probe succeeds', async () => {
    const h = harness();
    await h.watch.start();
    expect(h.watch.available).toBe(true);
    expect(sample(h.metrics, 'tandem_database_up')).toBe(1);

    h.reachable = false;
    h.watch.suspect();
    await settle();
    expect(h.watch.available).toBe(false);
    h.watch.suspect();
    await settle();
    h.advance(1_500);
    expect(sample(h.metrics, 'tandem_database_up')).toBe(0);
    expect(sample(h.metrics, 'tandem_database_outages_total')).toBe(1);
    expect(sample(h.metrics, 'tandem_database_outage_seconds')).toBe(1.5);

    h.reachable = true;
    h.watch.suspect();
    await settle();
    expect(h.watch.available).toBe(true);
    expect(sample(h.metrics, 'tandem_database_outage_seconds')).toBe(0);
    expect(sample(h.metrics, 'tandem_database_outage_seconds_total')).toBe(1.5);
    expect(h.watch.snapshot()).toMatchObject({ outages: 1, totalMs: 1_500 });
    h.watch.close();
  });

  it('is down at once when told (the embedded PostgreSQL exited), until a later probe answers', async () => {
    const h = harness();
    await h.watch.start();
    h.reachable = false;
    h.watch.embeddedEvent({ kind: 'exited', code: 137 });
    expect(h.watch.available).toBe(false);
    expect(h.watch.snapshot().reason).toMatch(/embedded PostgreSQL exited \(code 137\)/);
    await settle();
    h.reachable = true;
    h.watch.embeddedEvent({ kind: 'restarted', attempt: 1, downMs: 300 });
    await settle();
    expect(h.watch.available).toBe(true);
    expect(sample(h.metrics, 'tandem_embedded_postgres_restarts_total')).toBe(1);
    h.watch.close();
  });

  it('ignores a success of a probe that began before the database was marked down', async () => {
    let release!: (r: ProbeResult) => void;
    let calls = 0;
    const watch = new DatabaseWatch({
      probe: () => {
        calls++;
        return calls === 1 ? Promise.resolve({ reachable: true }) : calls === 2 ? new Promise((r) => (release = r)) : Promise.resolve({ reachable: false });
      },
      intervalMs: 60_000,
      log,
      metrics: new Metrics(),
    });
    await watch.start();
    watch.suspect(); // probe 2, in flight
    watch.markDown('exited');
    release({ reachable: true });
    await settle();
    expect(watch.available).toBe(false);
    expect(calls).toBe(3);
    watch.close();
  });
});
