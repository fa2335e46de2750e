import { describe, expect, it } from 'vitest';
import { Metrics } from './metrics';

describe('Metrics', () => {
  it('renders counters with and without labels, gauges and collected gauges in the text format', () => {
    const m = new Metrics();
    const c = m.counter('tandem_things_total', 'Things.');
    c.inc();
    c.inc(undefined, 4);
    c.inc({}, 2);
    c.inc({ kind: 'a"b' });
    const g = m.gauge('tandem_level', 'Level.');
    g.set(3);
    g.dec(undefined, 1);
    m.collect('tandem_rooms', 'Rooms.', () => [{ labels: { state: 'loaded' }, value: 7 }]);
    expect(m.render()).toBe(
      [
        '# HELP tandem_things_total Things.',
        '# TYPE tandem_things_total counter',
        'tandem_things_total 7',
        'tandem_things_total{kind="a\\"b"} 1',
        '# HELP tandem_level Level.',
        '# TYPE tandem_level gauge',
        'tandem_level 2',
        '# HELP tandem_rooms Rooms.',
        '# TYPE tandem_rooms gauge',
        'tandem_rooms{state="loaded"} 7',
        '',
      ].join('\n'),
    );
  });

  it('renders a collected counter (one kept elsewhere) as a counter', () => {
    const m = new Metrics();
    m.collect('tandem_failures_total', 'Failures.', () => 3, 'counter');
    expect(m.render()).toBe(['# HELP tandem_failures_total Failures.', '# TYPE tandem_failures_total counter', 'tandem_failures_total 3', ''].join('\n'));
  });
});
