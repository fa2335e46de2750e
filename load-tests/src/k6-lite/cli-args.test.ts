import { describe, expect, it } from 'vitest';
import { parseArgs } from './cli-args';
import { K6LiteError } from './errors';

describe('parseArgs', () => {
  it('reads the script, -e K=V (values may hold =), --vus and --duration', () => {
    expect(parseArgs(['load-tests/k6/sync.js', '-e', 'DOCS=2', '--env', 'TOKEN=a=b', '--vus', '3', '-d', '5s'])).toEqual({
      script: 'load-tests/k6/sync.js', env: { DOCS: '2', TOKEN: 'a=b' }, vus: 3, duration: '5s',
    });
  });

  it('refuses a missing script, unknown flags and a flag without its value', () => {
    expect(() => parseArgs([])).toThrow(K6LiteError);
    expect(() => parseArgs(['s.js', '--out', 'json'])).toThrow(/unknown option/);
    expect(() => parseArgs(['s.js', '-e'])).toThrow(/needs a value/);
    expect(() => parseArgs(['s.js', '-e', 'NOEQUALS'])).toThrow(/K=V/);
  });
});
