import { describe, expect, it } from 'vitest';
import { parseResidentBytes, treeOf, treeResidentBytes } from './process-memory';
import { identify } from './process-tree';

describe('process memory', () => {
  it('reads VmRSS in bytes, and nothing from a status without it', () => {
    expect(parseResidentBytes('Name:\tnode\nVmRSS:\t   51200 kB\nRssAnon:\t 100 kB\n')).toBe(51200 * 1024);
    expect(parseResidentBytes('Name:\tkthreadd\nState:\tS\n')).toBeNull();
  });

  it('finds a process tree by parent links, leaving siblings out', () => {
    const stat = (pid: number, ppid: number) => ({ pid, ppid, session: 1, startTime: 0 });
    expect(treeOf(10, [stat(10, 1), stat(11, 10), stat(12, 11), stat(13, 1), stat(14, 10)])).toEqual([10, 11, 14, 12]);
  });

  it('measures this process, and nothing for a pid that belongs to someone else now', async () => {
    const me = (await identify(process.pid))!;
    expect(await treeResidentBytes(me)).toBeGreaterThan(10 * 1024 ** 2);
    expect(await treeResidentBytes({ pid: process.pid, startTime: me.startTime + 1 })).toBeNull();
  });
});
