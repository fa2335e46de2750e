/**
 * Files a command created, changed or deleted, applied to the workspace: the same
 * tree operations as the HTTP API (so the same limits, events and live-document
 * cleanup), and text changes as a minimal diff of the live document, so someone
 * typing in that file keeps their edits and cursor.
 *
 * The paths were validated by the executor (hostile input, by the same naming rule
 * the API uses); they are checked again here, and a change the tree refuses (item
 * limit, a file where a folder should be, a document past its size limit) is logged
 * and skipped: one bad entry never stops the rest. Text comes from the executor's
 * `classifyContent`: a file with NUL or invalid UTF-8 is binary (listed, not loaded),
 * so what reaches a document is valid text, and its `content` column is stored as
 * `storableText` makes it in any case.
 */
import type { PulledChange } from '@tandem/executor';
import { findItemByPath, findItemsByPaths, touchItem, type ItemRow } from '@tandem/persistence';
import type { UnloadedFile } from '@tandem/protocol';
import type { ServerContext } from '../context';
import { HttpError } from '../http/errors';
import { DocumentTooLargeError } from '../sync/document-size';
import { ancestorPaths, pathProblem } from '../workspace/names';
import { toTreeItem } from '../workspace/tree';
import { createFileAtPath, createItem, deleteItem } from '../workspace/tree-operations';
import type { UnloadedFiles } from './unloaded-files';

export class PulledChangeApplier {
  constructor(
    private readonly ctx: ServerContext,
    private readonly unloaded: UnloadedFiles,
  ) {}

  async apply(workspaceId: string, changes: readonly PulledChange[]): Promise<void> {
    for (const change of changes) {
      try {
        const problem = pathProblem(change.path);
        if (problem) throw new HttpError(400, problem.code, problem.message);
        await this.applyOne(workspaceId, change);
      } catch (err) {
        // Expected refusals (a name, a limit) are warnings; anything else is an error.
        const code = err instanceof HttpError || err instanceof DocumentTooLargeError ? err.code : undefined;
        this.ctx.log[code ? 'warn' : 'error']({ err, workspaceId, path: change.path, kind: change.kind, code }, 'a file from the environment was not applied');
      }
    }
  }

  private async applyOne(workspaceId: string, change: PulledChange): Promise<void> {
    switch (change.kind) {
      case 'upsert': {
        this.unloaded.clear(workspaceId, change.path);
        const { file, created } = await this.writeFile(workspaceId, change.path, change.content);
        if (!created) this.ctx.events.emit('tree', workspaceId, { kind: 'updated', item: toTreeItem(file) });
        return;
      }
      case 'upsert-unloaded': {
        // Registered first: the empty text written below must not be pushed over the real bytes.
        const info: UnloadedFile = { size: change.size, reason: change.reason };
        this.unloaded.set(workspaceId, change.path, info);
        const { file } = await this.writeFile(workspaceId, change.path, '');
        // Tree events carry `unloaded` for such files: clients show them, but not as editable text.
        this.ctx.events.emit('tree', workspaceId, { kind: 'updated', item: { ...toTreeItem(file), unloaded: info } });
        return;
      }
      case 'mkdir':
        return void (await this.ensureFolder(workspaceId, change.path));
      case 'delete': {
        this.unloaded.clear(workspaceId, change.path);
        const item = await findItemByPath(this.ctx.db.pool, workspaceId, change.path);
        if (item) await deleteItem(this.ctx, workspaceId, item);
      }
    }
  }

  /** Creates the file (and its folders) or diff-applies the text to its document. */
  private async writeFile(workspaceId: string, path: string, text: string): Promise<{ file: ItemRow; created: boolean }> {
    let file = await findItemByPath(this.ctx.db.pool, workspaceId, path);
    if (file?.type === 'folder') {
      // The command replaced a folder by a file; the diff lists the folder's deletion first, this is a late race.
      await deleteItem(this.ctx, workspaceId, file);
      file = null;
    }
    if (!file) {
      const created = await createFileAtPath(this.ctx, workspaceId, path, text);
      if (!created.existing) return { file: created.file, created: true };
      file = created.file;
    }
    await this.ctx.documents.writeText(workspaceId, file.id, text);
    await touchItem(this.ctx.db.pool, file.id);
    return { file, created: false };
  }

  /** A folder a command made (possibly empty), with any missing folders above it. */
  private async ensureFolder(workspaceId: string, path: string): Promise<void> {
    const chain = [...ancestorPaths(path), path];
    const found = new Map((await findItemsByPaths(this.ctx.db.pool, workspaceId, chain)).map((row) => [row.path, row]));
    let parentId: string | null = null;
    for (const p of chain) {
      let row = found.get(p) ?? null;
      if (!row) {
        try {
          row = await createItem(this.ctx, workspaceId, { parentId, name: p.slice(p.lastIndexOf('/') + 1), type: 'folder' });
        } catch (err) {
          // Made meanwhile by someone else: use theirs.
          if (!(err instanceof HttpError && err.code === 'name_taken')) throw err;
          row = await findItemByPath(this.ctx.db.pool, workspaceId, p);
        }
      }
      if (!row || row.type !== 'folder') throw new HttpError(409, 'not_a_folder', `"${p}" is not a folder in the workspace`);
      parentId = row.id;
    }
  }
}
