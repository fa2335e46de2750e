/**
 * Names that are never brought back into the documents (pure logic): package
 * installs, caches, VCS data, and the files shells and REPLs write into HOME (the
 * workspace). `npm install` alone makes tens of thousands of files, which would
 * exceed the pull caps (and stop all pull-back) or flood the file tree; a history
 * file would be shared with every collaborator. A path is ignored when any of its
 * segments is one of these names, so each names a folder or a file alike.
 */
export const DEFAULT_PULL_IGNORE: readonly string[] = [
  // package installs and virtual environments
  'node_modules', '.venv', 'venv',
  // what `pip install` puts in HOME (the workspace) in the local sandbox
  '.local',
  // caches
  '__pycache__', '.mypy_cache', '.pytest_cache', '.cache', '.npm', '.ipynb_checkpoints',
  // version control
  '.git',
  // what shells and REPLs write into HOME
  '.bash_history', '.python_history', '.node_repl_history', '.lesshst', '.wget-hsts', '.viminfo',
];

export function isIgnoredPath(path: string, names: ReadonlySet<string>): boolean {
  if (names.size === 0) return false;
  return path.split('/').some((segment) => names.has(segment));
}
