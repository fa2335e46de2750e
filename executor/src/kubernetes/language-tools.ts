/**
 * Which language servers a workspace pod has (pure logic): the probe runs
 * `command -v` for each in the pod, since the image decides, not the server.
 */
import type { LanguageTools } from '../executor';

export const LANGUAGE_TOOLS_PROBE = ['sh', '-c', 'command -v pyright-langserver; command -v ruff'];

/** Reads the probe's output: one line per tool found (its path), nothing for one that is not. */
export function languageToolsFromProbe(stdout: string): LanguageTools {
  const found = new Set(stdout.split('\n').map((line) => line.trim().split('/').at(-1)));
  const pyright = found.has('pyright-langserver') ? ['pyright-langserver', '--stdio'] : null;
  const ruff = found.has('ruff') ? ['ruff', 'server'] : null;
  const missing = [
    ...(pyright ? [] : ['pyright is not installed in the execution image: no completions, hover, go-to-definition or diagnostics']),
    ...(ruff ? [] : ['ruff is not installed in the execution image: no formatting or lint fixes']),
  ];
  return { pyright, ruff, missing };
}
