import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestDatabase } from './test-database';

describe('createTestDatabase', () => {
  it('gives each caller its own empty database', async () => {
    const a = await createTestDatabase();
    const b = await createTestDatabase();
    expect(a.url).not.toEqual(b.url);
    const c = new pg.Client({ connectionString: a.url });
    await c.connect();
    await c.query('CREATE TABLE t (x int)');
    await c.end();
    const d = new pg.Client({ connectionString: b.url });
    await d.connect();
    const r = await d.query("SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 't'");
    expect(r.rows[0].n).toBe(0);
    await d.end();
    await a.drop();
    await b.drop();
  });
});
