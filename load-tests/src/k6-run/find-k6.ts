/**
 * Where real k6 is: `$K6`, else `k6` on PATH, else `shared/bin/k6` beside this checkout
 * or one of its parents (the developers' and CI machines keep a static k6 v1.3.0 at
 * `../shared/bin/k6`). k6 is not on npm, so nothing here installs it; callers skip
 * with `K6_MISSING` when none is found.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

export const K6_MISSING =
  'real k6 not found: set $K6 to its path, put `k6` on PATH, or place it at ../shared/bin/k6 (k6 v1.x; https://grafana.com/docs/k6/latest/set-up/install-k6/)';

const executable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** The k6 binary to run, or null. `from` is where to start looking for `shared/bin/k6`. */
export function findK6(from: string, env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.K6) return executable(env.K6) ? env.K6 : null;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && executable(join(dir, 'k6'))) return join(dir, 'k6');
  }
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'shared', 'bin', 'k6');
    if (executable(candidate)) return candidate;
    if (dirname(dir) === dir) return null;
  }
}

/** `k6 version`'s first line, e.g. `k6 v1.3.0 (…)`. */
export function k6Version(k6: string): string {
  const out = spawnSync(k6, ['version'], { encoding: 'utf8' });
  return (out.stdout || out.stderr).split('\n')[0]!.trim();
}
