/**
 * Folders that are never brought back into the documents (pure logic): package
 * installs, caches and VCS data. `npm install` alone makes tens of thousands of
 * files, which would exceed the pull caps (and stop all pull-back) or flood the
 * file tree. A path is ignored when any of its segments is one of these names.
 */
export const DEFAULT_PULL_IGNORE: readonly string[] = [
  'node_modules', '.git', '__pycache__', '.venv', 'venv', '.mypy_cache', '.pytest_cache', '.cache', '.npm', '.ipynb_checkpoints',
];

export function isIgnoredPath(path: string, names: ReadonlySet<string>): boolean {
  if (names.size === 0) return false;
  return path.split('/').some((segment) => names.has(segment));
}
