/**
 * Which files are migrations, and in what order. Pure: takes names and texts, does no I/O.
 * A migration is `NNN_name.sql` (three or more digits); its version is the number.
 */
import { createHash } from 'node:crypto';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** sha-256 of the text: a migration edited after it ran is refused, not silently skipped. */
  checksum: string;
}

const MIGRATION_FILE = /^(\d{3,})_([a-z0-9_]+)\.sql$/;

/** Ordered migrations from `{fileName: text}`; other files are ignored, duplicate versions refused. */
export function parseMigrations(files: ReadonlyArray<{ fileName: string; sql: string }>): Migration[] {
  const migrations: Migration[] = [];
  const seen = new Map<number, string>();
  for (const { fileName, sql } of files) {
    const match = MIGRATION_FILE.exec(fileName);
    if (!match) continue;
    const version = Number(match[1]);
    const previous = seen.get(version);
    if (previous) throw new Error(`migrations ${previous} and ${fileName} share version ${version}`);
    seen.set(version, fileName);
    migrations.push({ version, name: match[2]!, sql, checksum: createHash('sha256').update(sql).digest('hex') });
  }
  return migrations.sort((a, b) => a.version - b.version);
}

export interface AppliedMigration {
  version: number;
  checksum: string;
}

/** The migrations still to apply; throws if an applied one was edited or is unknown to this build. */
export function pendingMigrations(all: readonly Migration[], applied: readonly AppliedMigration[]): Migration[] {
  const byVersion = new Map(all.map((m) => [m.version, m]));
  for (const done of applied) {
    const known = byVersion.get(done.version);
    if (!known) throw new Error(`the database has migration ${done.version}, which this build does not know (a newer version ran here?)`);
    if (known.checksum !== done.checksum) {
      throw new Error(`migration ${done.version}_${known.name} was edited after it was applied; add a new migration instead`);
    }
  }
  const appliedVersions = new Set(applied.map((m) => m.version));
  return all.filter((m) => !appliedVersions.has(m.version));
}
