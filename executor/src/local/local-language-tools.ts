/**
 * Where the local backend finds its language servers (issue 13), once per backend.
 *
 * pyright is the executor's own npm dependency, run by the node running the server:
 * the sandbox sees only the system folders, so the package folder (and node's, when
 * node lives outside them) is bound read-only into every workspace's sandbox. ruff
 * is a program of the system's, found where the sandbox's PATH looks. A tool that is
 * absent is said in `missing`, for the person who wonders why formatting is off.
 */
import { constants } from 'node:fs';
import { access, realpath } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { LanguageTools } from '../executor';
import { SYSTEM_DIRS } from './sandbox-command';
import { reachableByOthers } from './sandbox-host';

export interface LocalLanguageTools {
  tools: LanguageTools;
  /** Host folders the sandbox must bind read-only for the tools to run there. */
  readOnly: string[];
}

const PYRIGHT_LOSS = 'no completions, hover, go-to-definition or diagnostics';
const RUFF_LOSS = 'no formatting or lint fixes';
/** Where ruff may be, of the sandbox's PATH (`sandbox-command.ts`) on the host's system folders. */
export const RUFF_PLACES = ['/usr/local/bin/ruff', '/usr/bin/ruff', '/bin/ruff'];

/** Whether a path lies in a folder every sandbox binds anyway. */
export function underSystemDir(path: string): boolean {
  return SYSTEM_DIRS.some((dir) => path === dir || path.startsWith(`${dir}/`));
}

/**
 * `otherUid`: sandboxed processes run as a uid of their own (a root server), so a
 * bound folder must be reachable by others, or the bind finds nothing.
 */
export async function findLocalLanguageTools(options: { otherUid: boolean }): Promise<LocalLanguageTools> {
  const missing: string[] = [];
  const readOnly: string[] = [];
  let pyright: string[] | null = null;
  const entry = resolvePyright();
  if (typeof entry !== 'string') {
    missing.push(`pyright is not available: the npm package pyright could not be resolved (${entry.error}): ${PYRIGHT_LOSS}`);
  } else {
    const node = await realpath(process.execPath);
    const binds = [dirname(entry), ...(underSystemDir(node) ? [] : [dirname(node)])];
    const unreachable = options.otherUid ? await filterAsync(binds, async (dir) => !(await reachableByOthers(join(dir, 'x')))) : [];
    if (unreachable.length > 0) {
      missing.push(`pyright is not available in the sandbox: ${unreachable.join(' and ')} cannot be reached by the workspaces' uids (a checkout in a private folder?): ${PYRIGHT_LOSS}`);
    } else {
      readOnly.push(...binds);
      pyright = [node, entry, '--stdio'];
    }
  }
  const ruff = (await filterAsync(RUFF_PLACES, isExecutable)).length > 0 ? ['ruff', 'server'] : null;
  if (!ruff) missing.push(`ruff is not installed (pip install ruff, into /usr/local/bin): ${RUFF_LOSS}`);
  return { tools: { pyright, ruff, missing }, readOnly };
}

/** The real path of pyright's language server entry point, or why it cannot be had. */
function resolvePyright(): string | { error: string } {
  try {
    // require.resolve gives the real path (links followed): what bwrap must bind.
    return createRequire(import.meta.url).resolve('pyright/langserver.index.js');
  } catch (error) {
    return { error: (error as Error).message.split('\n')[0]! };
  }
}

async function isExecutable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(() => true, () => false);
}

async function filterAsync<T>(items: readonly T[], keep: (item: T) => Promise<boolean>): Promise<T[]> {
  const kept = await Promise.all(items.map(keep));
  return items.filter((_, i) => kept[i]);
}
