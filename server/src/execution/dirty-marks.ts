/**
 * Document and tree changes → files marked dirty for the workspace's environment.
 *
 * Each change needs a lookup (the item's path, its text) before it can be marked,
 * so changes go through one queue per workspace and are marked in the order they
 * happened. Nothing is looked up for a workspace whose environment is not running:
 * its next start pushes the whole tree anyway.
 *
 * What the server applied from the environment comes through here too (its own
 * tree and document events); the executor drops a write equal to what the
 * environment holds, so it does not bounce back. Empty placeholders of binary or
 * oversized files are held back (see unloaded-files.ts).
 */
import type { DirtyChange, ExecutorService } from '@tandem/executor';
import type { ServerContext } from '../context';
import type { TreeChange } from '@tandem/protocol';
import type { SerialQueues } from './serial-queues';
import type { UnloadedFiles } from './unloaded-files';
import type { DatabaseWorkspaceSource } from './workspace-source';

export interface DirtyMarkParts {
  executor: ExecutorService;
  source: DatabaseWorkspaceSource;
  unloaded: UnloadedFiles;
  queues: SerialQueues;
}

export function watchForDirtyFiles(ctx: ServerContext, parts: DirtyMarkParts): () => void {
  const { executor, source, unloaded, queues } = parts;
  const running = (workspaceId: string) => {
    const { state } = executor.status(workspaceId);
    return state === 'starting' || state === 'ready';
  };
  const enqueue = (workspaceId: string, work: () => Promise<DirtyChange | null>) => {
    if (!running(workspaceId)) return;
    void queues.push(workspaceId, async () => {
      const change = await work();
      if (change) executor.markDirty(workspaceId, change);
    }, (err) => ctx.log.warn({ err, workspaceId }, 'executor: a change could not be marked for the environment'));
  };

  /** The file's current text as a write, unless it would clobber bytes the server does not hold. */
  const write = async (workspaceId: string, itemId: string, path: string): Promise<DirtyChange | null> => {
    const content = await textOf(itemId);
    // Deleted meanwhile: its deletion is queued behind this and marks the path.
    if (content === null) return null;
    if (unloaded.shields(workspaceId, path, content)) return null;
    return { kind: 'write', path, content };
  };

  const textOf = (itemId: string): Promise<string | null> => ctx.documents.readText(itemId).catch(() => null);

  const offDocument = ctx.events.on('document', (id, itemId) => {
    const workspaceId = id.toLowerCase();
    source.noteEdit(workspaceId, itemId);
    if (!running(workspaceId)) return; // the common case, thousands of times a second: nothing to allocate
    enqueue(workspaceId, async () => {
      // The path now, not when the event fired: a rename queued after this one moves it on.
      const item = await ctx.access.item(workspaceId, itemId);
      return item?.type === 'file' ? write(workspaceId, item.id, item.path) : null;
    });
  });

  const offTree = ctx.events.on('tree', (id, change: TreeChange) => {
    const workspaceId = id.toLowerCase();
    const { item } = change;
    enqueue(workspaceId, async () => {
      switch (change.kind) {
        case 'created':
        case 'updated':
          return item.type === 'folder' ? { kind: 'mkdir', path: item.path } : write(workspaceId, item.id, item.path);
        case 'renamed':
        case 'moved':
          unloaded.clear(workspaceId, change.oldPath);
          // A folder's files are re-read from the source; a file brings its text.
          if (item.type === 'folder') return { kind: 'rename', from: change.oldPath, to: item.path };
          {
            const content = await textOf(item.id);
            // Deleted since it moved: the old path must go; the deletion queued next removes the new one.
            return content === null ? { kind: 'delete', path: change.oldPath } : { kind: 'rename', from: change.oldPath, to: item.path, content };
          }
        case 'deleted':
          unloaded.clear(workspaceId, item.path);
          return { kind: 'delete', path: item.path };
      }
    });
  });

  return () => {
    offDocument();
    offTree();
  };
}
