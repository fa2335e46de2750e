import { describe, expect, it } from 'vitest';
import { ContentWriter, type ContentQueryable } from './content-writer';
import { DatabaseUnavailableError } from './errors';

/** A pool that records each statement's items and refuses any statement holding a poisoned item (as PostgreSQL refuses a whole statement). */
function fakePool(poisoned: Set<string>, outage = { on: false }) {
  const statements: Array<Array<[string, string]>> = [];
  const stored = new Map<string, string>();
  const pool = {
    query: async (q: { values: [string[], string] }) => {
      const [ids, json] = q.values;
      const texts = JSON.parse(json) as string[];
      statements.push(ids.map((id, i) => [id, texts[i]!]));
      if (outage.on) throw Object.assign(new Error('terminating connection'), { code: '57P01' });
      if (ids.some((id) => poisoned.has(id))) throw Object.assign(new Error('refused'), { code: '22P05' });
      ids.forEach((id, i) => stored.set(id, texts[i]!));
      return { rows: [] };
    },
  } as unknown as ContentQueryable;
  return { pool, statements, stored };
}

describe('ContentWriter', () => {
  it('writes every dirty item in one statement, the latest text of each', async () => {
    const { pool, statements, stored } = fakePool(new Set());
    const writer = new ContentWriter(pool, 60_000, () => {});
    writer.write('a', 'old');
    writer.write('b', 'b1');
    writer.write('a', 'new');
    await writer.flush();
    expect(statements).toEqual([[['a', 'new'], ['b', 'b1']]]);
    expect(stored).toEqual(new Map([['a', 'new'], ['b', 'b1']]));
  });

  it('SYNC-10: stores NUL and lone surrogates as U+FFFD, so JSON carries nothing PostgreSQL refuses', async () => {
    const { pool, stored } = fakePool(new Set());
    const writer = new ContentWriter(pool, 60_000, () => {});
    writer.write('a', 'x\0y\uD800');
    await writer.flush();
    expect(stored.get('a')).toBe('x\uFFFDy\uFFFD');
  });

  it('writes the others one by one when one item makes the statement fail, and reports that item', async () => {
    const { pool, statements, stored } = fakePool(new Set(['bad']));
    const errors: Array<[unknown, string | undefined]> = [];
    const writer = new ContentWriter(pool, 60_000, (error, itemId) => errors.push([error, itemId]));
    for (const id of ['a', 'bad', 'c']) writer.write(id, `text of ${id}`);
    await writer.flush();
    expect(stored).toEqual(new Map([['a', 'text of a'], ['c', 'text of c']]));
    expect(statements.map((s) => s.map(([id]) => id))).toEqual([['a', 'bad', 'c'], ['a'], ['bad'], ['c']]);
    expect(errors.map(([, itemId]) => itemId)).toEqual(['bad']);
    expect(writer.failures).toBe(1);
    // The failed item is dropped, not retried forever; the next write of it is tried again.
    writer.write('c', 'c2');
    await writer.flush();
    expect(statements.at(-1)).toEqual([['c', 'c2']]);
  });

  it('keeps a batch that failed because the database was away, for the next flush', async () => {
    const outage = { on: true };
    const { pool, stored } = fakePool(new Set(), outage);
    const errors: unknown[] = [];
    const writer = new ContentWriter(pool, 60_000, (error) => errors.push(error));
    writer.write('a', 'a1');
    await writer.flush();
    expect(errors[0]).toBeInstanceOf(DatabaseUnavailableError);
    expect(writer.failures).toBe(0);
    outage.on = false;
    await writer.flush();
    expect(stored.get('a')).toBe('a1');
    writer.close();
  });
});
