/**
 * Turns a due batch of dirty paths into the changes to push: contents are read
 * now (the newest text), writes the environment already holds are dropped (a
 * pulled change applied to its document must not go out again), and a renamed
 * folder's files are read from the workspace source.
 */
import type { PushChange, WorkspaceFile } from '../executor';
import { isUnchangedWrite } from './baseline';
import type { Tree } from './pull-diff';
import { isSameOrBelow, readContent, type PushBatch } from './push-schedule';

export async function toPushChanges(
  batch: PushBatch,
  baseline: Tree,
  loadFiles: () => Promise<WorkspaceFile[]>,
  onUnreadable: (path: string, error: unknown) => void,
): Promise<PushChange[]> {
  const changes: PushChange[] = batch.deletes.map((path) => ({ kind: 'delete', path }));
  const deletedAbove = (path: string) => batch.deletes.some((d) => isSameOrBelow(path, d));
  let files: WorkspaceFile[] | null = null;
  for (const op of batch.ops) {
    if (op.kind === 'mkdir') {
      if (baseline.get(op.path)?.type !== 'folder' || deletedAbove(op.path)) changes.push(op);
    } else if (op.kind === 'write') {
      let content: string;
      try {
        content = readContent(op.content);
      } catch (error) {
        onUnreadable(op.path, error);
        continue;
      }
      if (!isUnchangedWrite(baseline, op.path, content) || deletedAbove(op.path)) changes.push({ kind: 'write', path: op.path, content });
    } else {
      files ??= await loadFiles();
      for (const f of files) if (isSameOrBelow(f.path, op.path)) changes.push({ kind: 'write', path: f.path, content: f.content });
      changes.push({ kind: 'mkdir', path: op.path });
    }
  }
  return changes;
}
