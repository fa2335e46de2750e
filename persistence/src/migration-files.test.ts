import { describe, expect, it } from 'vitest';
import { parseMigrations, pendingMigrations } from './migration-files';

describe('parseMigrations', () => {
  it('orders migrations by version and ignores other files', () => {
    const migrations = parseMigrations([
      { fileName: '010_reviews.sql', sql: 'b' },
      { fileName: 'README.md', sql: 'x' },
      { fileName: '002_items.sql', sql: 'a' },
    ]);
    expect(migrations.map((m) => [m.version, m.name])).toEqual([
      [2, 'items'],
      [10, 'reviews'],
    ]);
  });

  it('refuses two files with one version', () => {
    expect(() => parseMigrations([
      { fileName: '001_a.sql', sql: '' },
      { fileName: '001_b.sql', sql: '' },
    ])).toThrow(/share version 1/);
  });
});

describe('pendingMigrations', () => {
  const all = parseMigrations([
    { fileName: '001_a.sql', sql: 'select 1' },
    { fileName: '002_b.sql', sql: 'select 2' },
  ]);

  it('returns what has not run yet, in order', () => {
    expect(pendingMigrations(all, [{ version: 1, checksum: all[0]!.checksum }]).map((m) => m.version)).toEqual([2]);
    expect(pendingMigrations(all, [])).toHaveLength(2);
  });

  it('refuses a migration edited after it ran', () => {
    expect(() => pendingMigrations(all, [{ version: 1, checksum: 'other' }])).toThrow(/edited/);
  });

  it('refuses a database migrated by a newer build', () => {
    expect(() => pendingMigrations(all, [{ version: 3, checksum: 'x' }])).toThrow(/does not know/);
  });
});
