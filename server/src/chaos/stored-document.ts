/**
 * What the database holds for a document, read the way the server loads it (stored
 * state + log tail, one statement: PgDocumentStore.load), bypassing any server: the
 * chaos tests' ground truth.
 */
import * as Y from 'yjs';
import { openDatabase, PgDocumentStore } from '@tandem/persistence';

export interface StoredDocument {
  text: string;
  /** Log rows not folded into the stored state. */
  logRows: number;
  compacted: boolean;
}

export async function storedDocument(databaseUrl: string, itemId: string): Promise<StoredDocument> {
  const db = await openDatabase(databaseUrl, { maxConnections: 1, rawConnections: 1 });
  try {
    const loaded = await new PgDocumentStore(db).load(itemId);
    const doc = new Y.Doc();
    if (loaded.state) Y.applyUpdate(doc, loaded.state);
    for (const update of loaded.updates) Y.applyUpdate(doc, update);
    const text = doc.getText('content').toString();
    doc.destroy();
    return { text, logRows: loaded.updates.length, compacted: loaded.state !== null };
  } finally {
    await db.close();
  }
}

/** The numbered tokens `<i>` in a text, as a set. */
export function tokens(text: string): Set<number> {
  return new Set([...text.matchAll(/<(\d+)>/g)].map((m) => Number(m[1])));
}

/** The indexes below `count` missing from `present`. */
export function missing(present: Set<number>, count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) if (!present.has(i)) out.push(i);
  return out;
}
