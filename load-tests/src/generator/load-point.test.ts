import { describe, expect, it } from 'vitest';
import { generatorWasLimit, label, targetDeliveriesPerSecond } from './load-point';

describe('load points', () => {
  it('one document with 200 clients at 1/s is 39,800 deliveries/s (each to the 199 others)', () => {
    expect(targetDeliveriesPerSecond({ name: 'x', docs: 1, clientsPerDoc: 200, rate: 1, durationS: 10 })).toBe(39_800);
  });

  it('one writer with 500 readers counts only the writer', () => {
    const p = { name: 'x', docs: 1, clientsPerDoc: 501, writersPerDoc: 1, rate: 10, durationS: 10 };
    expect(targetDeliveriesPerSecond(p)).toBe(5000);
    expect(label(p)).toBe('1x(1w+500r)x10/s');
  });

  it('flags the generator, not the server, when it used most of its core or lagged', () => {
    expect(generatorWasLimit(0.95, 3)).toBe(true);
    expect(generatorWasLimit(0.5, 25)).toBe(true);
    expect(generatorWasLimit(0.5, 3)).toBe(false);
  });
});
