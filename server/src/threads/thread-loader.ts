/**
 * Threads as the API shows them: rows in, `Thread` JSON out, each with its comments and
 * its state computed from its file's document. Each file's document is read once for all
 * its threads (`Documents.readDocument`: the live one if this replica holds it, else a
 * copy from the store, so listing loads nothing into the hub).
 */
import { ItemNotFoundError, listComments, type CommentRow, type ThreadRow } from '@tandem/persistence';
import type { Thread } from '@tandem/protocol';
import type { DatabasePool } from 'slonik';
import type { Documents } from '../context';
import { TEXT_NAME } from '../workspace/initial-document';
import { threadJson } from './thread-json';
import { FILE_LEVEL, threadViews, type ThreadView } from './thread-state';

export interface ThreadReaders {
  pool: DatabasePool;
  documents: Pick<Documents, 'readDocument'>;
}

export async function loadThreads(deps: ThreadReaders, rows: readonly ThreadRow[]): Promise<Thread[]> {
  const comments = new Map<string, CommentRow[]>();
  for (const c of await listComments(deps.pool, rows.map((r) => r.id))) {
    const list = comments.get(c.threadId) ?? [];
    list.push(c);
    comments.set(c.threadId, list);
  }
  const views = new Map<string, ThreadView>();
  const byItem = new Map<string, ThreadRow[]>();
  for (const row of rows) {
    if (!row.itemExists) continue;
    const list = byItem.get(row.itemId) ?? [];
    list.push(row);
    byItem.set(row.itemId, list);
  }
  for (const [itemId, threads] of byItem) {
    let computed: ThreadView[];
    try {
      computed = await deps.documents.readDocument(itemId, (doc) => threadViews(doc.getText(TEXT_NAME), threads));
    } catch (err) {
      // Deleted between the query and the read: its threads are file-level, like any of a deleted file.
      if (!(err instanceof ItemNotFoundError)) throw err;
      computed = threads.map(() => FILE_LEVEL);
    }
    threads.forEach((t, i) => views.set(t.id, computed[i]!));
  }
  return rows.map((row) => threadJson(row, views.get(row.id) ?? FILE_LEVEL, comments.get(row.id) ?? []));
}

export async function loadThread(deps: ThreadReaders, row: ThreadRow): Promise<Thread> {
  return (await loadThreads(deps, [row]))[0]!;
}
