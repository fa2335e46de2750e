/**
 * Reading a workspace's files for a review snapshot, and reading one back.
 *
 * A snapshot holds, per file, its path, its whole encoded Yjs state (the old text is
 * rebuilt from it exactly, whatever the live document garbage-collects or compacts
 * later) and its *version*: `Y.encodeSnapshot`, the state vector plus the delete set.
 * Two versions are equal exactly when nothing was inserted or deleted in between
 * (a state vector alone misses deletions), so "did it change?" needs no decoding;
 * the encoding is canonical (clients sorted, deleted runs merged), live or reloaded.
 */
import { listItems, type SnapshotFileInput } from '@tandem/persistence';
import type { CommonQueryMethods } from 'slonik';
import * as Y from 'yjs';
import type { Documents } from '../context';
import { TEXT_NAME } from '../workspace/initial-document';
import { newServerDoc } from '../sync/server-doc';

export interface FileRef {
  itemId: string;
  path: string;
}

/**
 * Documents read at once. A document no replica holds loads through the document
 * store's small pool (4 connections by default), the one live typing appends through:
 * a snapshot of a large workspace must leave it room.
 */
const READ_CONCURRENCY = 2;

/** The workspace's files (not folders), by path. */
export async function listFiles(db: CommonQueryMethods, workspaceId: string): Promise<FileRef[]> {
  const items = await listItems(db, workspaceId);
  return items.filter((i) => i.type === 'file').map((i) => ({ itemId: i.id, path: i.path }));
}

/**
 * `read` of each file's document (live, or a copy loaded for the call), a few at a
 * time. A file deleted after `files` was listed reads as an empty document.
 */
export async function readEach<T>(documents: Pick<Documents, 'readDocument'>, files: readonly FileRef[], read: (file: FileRef, doc: Y.Doc) => T): Promise<T[]> {
  const out = new Array<T>(files.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < files.length; i = next++) out[i] = await documents.readDocument(files[i]!.itemId, (doc) => read(files[i]!, doc));
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, files.length) }, worker));
  return out;
}

/** Every file of the workspace as a snapshot stores it. */
export async function captureSnapshot(db: CommonQueryMethods, documents: Pick<Documents, 'readDocument'>, workspaceId: string): Promise<SnapshotFileInput[]> {
  const files = await listFiles(db, workspaceId);
  return readEach(documents, files, (file, doc) => ({ ...file, state: Y.encodeStateAsUpdate(doc), yjsSnapshot: versionOf(doc) }));
}

export function versionOf(doc: Y.Doc): Uint8Array {
  return Y.encodeSnapshot(Y.snapshot(doc));
}

export function textOf(doc: Y.Doc): string {
  return doc.getText(TEXT_NAME).toString();
}

/** The text a stored state holds. */
export function textOfState(state: Uint8Array): string {
  const doc = newServerDoc('snapshot');
  try {
    Y.applyUpdate(doc, state);
    return textOf(doc);
  } finally {
    doc.destroy();
  }
}
