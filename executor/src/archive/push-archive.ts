/**
 * Push archives: the server's changes to an environment in one tar.
 *
 * Layout (also read by the remote script in `remote-push-script.ts`):
 *   files/<path>   regular files to write and folders to create
 *   deletes        NUL-separated paths to delete (a NUL cannot occur in a path)
 *   replace        present when the push replaces the whole tree (start-up):
 *                  everything else in the root goes first
 * Applying: extract into a staging folder inside the root, delete what `deletes`
 * lists, create folders, then rename each file into place. A rename is atomic,
 * so a running command sees the old file or the new one, never half a file.
 * Deletions go first so that a rename (delete `a`, write `b`) and a file that
 * becomes a folder (delete `x`, write `x/y`) both work in one push.
 */
import { mkdir, lstat, readdir, readFile, rename, rm, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { extract } from 'tar';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PushChange } from '../executor';
import { InvalidPushPathError } from './errors';
import { ancestorsOf, validateRelativePath } from './path-validation';
import { readTreeSnapshot, STAGING_PREFIX } from './tree-archive';
import { writeTar, type TarEntry } from './tar-writer';

export const FILES_DIR = 'files';
export const DELETES_FILE = 'deletes';
export const REPLACE_FILE = 'replace';

export async function buildPushArchive(changes: PushChange[], options: { replace?: boolean } = {}): Promise<Buffer> {
  const entries: TarEntry[] = [{ path: `${FILES_DIR}/`, type: 'Directory' }];
  const deletes: string[] = [];
  const folders = new Set<string>();
  for (const change of changes) {
    const path = checked(change.path);
    if (change.kind === 'delete') {
      deletes.push(path);
      continue;
    }
    // Parents first, so the extractor never has to invent a folder.
    for (const folder of [...ancestorsOf(path), ...(change.kind === 'mkdir' ? [path] : [])]) {
      if (folders.has(folder)) continue;
      folders.add(folder);
      entries.push({ path: `${FILES_DIR}/${folder}/`, type: 'Directory' });
    }
    if (change.kind === 'write') {
      entries.push({ path: `${FILES_DIR}/${path}`, type: 'File', body: Buffer.from(change.content, 'utf8') });
    }
  }
  entries.push({ path: DELETES_FILE, type: 'File', body: Buffer.from(deletes.map((p) => `${p}\0`).join(''), 'utf8') });
  if (options.replace) entries.push({ path: REPLACE_FILE, type: 'File', body: new Uint8Array(0) });
  return writeTar(entries);
}

export async function applyPushArchive(archive: Buffer, root: string): Promise<void> {
  const staging = join(root, `${STAGING_PREFIX}${randomBytes(6).toString('hex')}`);
  await mkdir(staging, { recursive: true });
  try {
    // `tar`'s extractor refuses absolute paths, `..` and writing through links by default.
    await pipeline(Readable.from([archive]), extract({ cwd: staging, strict: true, preserveOwner: false }));
    const staged = await readStaged(archive, staging);
    if (staged.replace) {
      for (const name of await readdir(root)) {
        if (!name.startsWith(STAGING_PREFIX)) await rm(join(root, name), { recursive: true, force: true });
      }
    }
    for (const path of staged.deletes) {
      if (await underRealFolders(root, path)) await rm(join(root, path), { recursive: true, force: true });
    }
    for (const path of staged.folders) await ensureFolder(root, path);
    for (const path of staged.files) {
      await ensureFolder(root, ancestorsOf(path).at(-1));
      await replaceWithFile(join(staging, FILES_DIR, path), join(root, path));
    }
  } finally {
    // After a refused archive, tar's extractor may still be writing its last entries into
    // staging: retry what ENOTEMPTY interrupts (fs.rm retries it), so the refusal is what surfaces.
    await rm(staging, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });
  }
}

interface StagedLists {
  replace: boolean;
  deletes: string[];
  folders: string[];
  files: string[];
}

/** Lists what the archive holds, validating every path again (the archive is data, not trusted code). */
async function readStaged(archive: Buffer, staging: string): Promise<StagedLists> {
  const unlimited = Number.MAX_SAFE_INTEGER;
  const snapshot = await readTreeSnapshot(archive, { maxEntries: unlimited, maxFileBytes: 0, maxTotalBytes: 0, maxArchiveBytes: unlimited });
  const lists: StagedLists = { replace: snapshot.entries.has(REPLACE_FILE), deletes: [], folders: [], files: [] };
  for (const [path, entry] of snapshot.entries) {
    if (!path.startsWith(`${FILES_DIR}/`)) continue;
    const inner = path.slice(FILES_DIR.length + 1);
    (entry.type === 'folder' ? lists.folders : lists.files).push(inner);
  }
  const deletes = await readFile(join(staging, DELETES_FILE), 'utf8').catch(() => '');
  lists.deletes = deletes.split('\0').filter(Boolean).map(checked);
  lists.folders.sort(); // parents before children
  return lists;
}

/**
 * Makes `path` (relative to root) a real folder. A command in the environment may
 * have put a symbolic link or a file where a folder belongs; following that link
 * could write outside the root, so whatever is not a real folder is replaced.
 */
async function ensureFolder(root: string, path: string | undefined): Promise<void> {
  if (!path) return;
  for (const step of [...ancestorsOf(path), path]) {
    const absolute = join(root, step);
    const stat = await lstat(absolute).catch(() => undefined);
    if (stat?.isDirectory()) continue;
    if (stat) await unlink(absolute);
    await mkdir(absolute);
  }
}

/** False when an ancestor is a link or a file: the path then names nothing inside the root. */
async function underRealFolders(root: string, path: string): Promise<boolean> {
  for (const step of ancestorsOf(path)) {
    const stat = await lstat(join(root, step)).catch(() => undefined);
    if (!stat?.isDirectory()) return false;
  }
  return true;
}

async function replaceWithFile(from: string, to: string): Promise<void> {
  const stat = await lstat(to).catch(() => undefined);
  // rename() cannot replace a folder with a file; a link is replaced, not followed.
  if (stat?.isDirectory()) await rm(to, { recursive: true, force: true });
  await rename(from, to);
}

function checked(raw: string): string {
  const verdict = validateRelativePath(raw);
  if (!verdict.ok) throw new InvalidPushPathError(raw, verdict.reason);
  return verdict.path;
}
