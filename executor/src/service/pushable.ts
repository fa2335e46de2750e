/**
 * Which of the server's files the push can write (pure logic). The server refuses
 * bad names when they are created (the same rule: archive/path-validation.ts), but
 * an entry stored before that rule, or written straight into the database, may hold
 * one. Such an entry is left out of the environment rather than failing the whole
 * push (which would keep the environment from ever starting); the paths left out
 * are reported on `env.status` so people can rename them.
 */
import type { SkippedPaths } from '@tandem/protocol';
import { pathRefusal } from '../archive';

/** At most this many skipped paths are listed on `env.status` (the count is exact). */
export const MAX_LISTED_SKIPPED = 20;

export function isPushablePath(path: string): boolean {
  return pathRefusal(path) === null;
}

/** The entries the push can write, and the paths of those it cannot. */
export function splitPushable<T extends { path: string }>(entries: readonly T[]): { pushable: T[]; skipped: string[] } {
  const pushable: T[] = [];
  const skipped: string[] = [];
  for (const entry of entries) {
    if (isPushablePath(entry.path)) pushable.push(entry);
    else skipped.push(entry.path);
  }
  return { pushable, skipped };
}

/** The summary for `env.status`, or undefined when nothing was skipped. */
export function summariseSkipped(paths: ReadonlySet<string>): SkippedPaths | undefined {
  if (paths.size === 0) return undefined;
  return { count: paths.size, paths: [...paths].sort().slice(0, MAX_LISTED_SKIPPED) };
}
