/**
 * A review event's snapshot against the workspace's files now: the changes (GET
 * /api/reviews/:id/changes) and whether a verdict went stale. Reads the snapshot's rows
 * and every current document's version; texts and stored states only of the files
 * whose version or path differ (changes.ts `needsText`), so an unchanged file costs a
 * version, never a decode.
 */
import { listSnapshotFiles, loadSnapshotStates, type SnapshotFileRow } from '@tandem/persistence';
import type { ReviewFileChange } from '@tandem/protocol';
import type { CommonQueryMethods } from 'slonik';
import type { Documents } from '../context';
import { compareFiles, filesDiffer, needsText, type FileVersion, type FileWithText } from './changes';
import { listFiles, readEach, textOf, textOfState, versionOf } from './snapshot';

type Reader = Pick<Documents, 'readDocument'>;

const versionThen = (row: SnapshotFileRow): FileVersion => ({ itemId: row.itemId, path: row.path, version: row.yjsSnapshot });

export async function changesSince(db: CommonQueryMethods, documents: Reader, workspaceId: string, eventId: string): Promise<ReviewFileChange[]> {
  const rows = await listSnapshotFiles(db, eventId);
  const then = new Map(rows.map((r) => [r.itemId, versionThen(r)]));
  const files = await listFiles(db, workspaceId);
  const now = await readEach(documents, files, (file, doc) => {
    const version = versionOf(doc);
    const text = needsText(then.get(file.itemId), { ...file, version }) ? textOf(doc) : null;
    return { ...file, version, text };
  });
  const nowById = new Map(now.map((f) => [f.itemId, f]));
  const wanted = rows.filter((r) => needsText(then.get(r.itemId), nowById.get(r.itemId)));
  const states = await loadSnapshotStates(db, [...new Map(wanted.map((r) => [r.blobHash.toString('hex'), r.blobHash])).values()]);
  const before: FileWithText[] = rows.map((r) => ({
    ...versionThen(r),
    text: () => {
      const state = states.get(r.blobHash.toString('hex'));
      if (!state) throw new Error(`snapshot state of ${r.itemId} not loaded`);
      return textOfState(state);
    },
  }));
  const after: FileWithText[] = now.map((f) => ({
    ...f,
    text: () => {
      if (f.text === null) throw new Error(`text of ${f.itemId} not read`);
      return f.text;
    },
  }));
  return compareFiles(before, after);
}

/** Whether the files changed since the event's snapshot (a file added, deleted, moved or edited). */
export async function changedSince(db: CommonQueryMethods, documents: Reader, workspaceId: string, eventId: string): Promise<boolean> {
  const [rows, files] = await Promise.all([listSnapshotFiles(db, eventId), listFiles(db, workspaceId)]);
  if (rows.length !== files.length) return true;
  const now = await readEach(documents, files, (file, doc): FileVersion => ({ ...file, version: versionOf(doc) }));
  return filesDiffer(rows.map(versionThen), now);
}
