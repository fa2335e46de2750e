import { describe, expect, it } from 'vitest';
import { parseProcStat } from './process-tree';

describe('parseProcStat', () => {
  it('reads parent, session and start time even when the command name holds spaces and parentheses', () => {
    const fields = ['S', '1', '42', '42', '34816', '42', '4194560', ...Array(12).fill('0'), '987654', '0'];
    const stat = parseProcStat(`4242 (evil) name () ${fields.join(' ')}`);
    expect(stat).toEqual({ pid: 4242, ppid: 1, session: 42, startTime: 987654 });
  });

  it('refuses what is not a stat line', () => {
    expect(parseProcStat('garbage')).toBeNull();
  });
});
