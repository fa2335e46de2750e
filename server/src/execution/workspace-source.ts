/**
 * The executor's view of a workspace's files (`WorkspaceSource`): every file with
 * its current text, read once when an environment starts (and for a renamed
 * folder's files).
 *
 * Text comes from the `content` column, which the document hub keeps current for
 * non-Yjs readers, except for documents edited in the last few seconds: their
 * column may trail the live document, so their text is read from the hub (live
 * when loaded). Edits newer than the hub's content flush announce themselves with
 * a `document` event after the environment began starting, and are pushed then.
 * So one query serves a workspace of thousands of files, and no document is loaded
 * only to be read, except one whose column holds U+FFFD: that is what the column
 * holds in place of a NUL or a lone surrogate, which PostgreSQL `text` cannot store
 * (persistence's storable-text.ts), so its real text is read from the document.
 */
import type { WorkspaceFile, WorkspaceSource } from '@tandem/executor';
import { findItemByPath } from '@tandem/persistence';
import { sql } from 'slonik';
import { z } from 'zod';
import type { ServerContext } from '../context';

const fileRow = z.object({ id: z.string(), path: z.string(), content: z.string() });
/** Comfortably longer than the hub's content flush (at most 5 s, config.ts) plus the store's commit. */
const RECENT_MS = 10_000;
/** What the `content` column holds where the document has a character `text` cannot store. */
const REPLACED = '\uFFFD';

export class DatabaseWorkspaceSource implements WorkspaceSource {
  /** workspaceId → itemId → when its last `document` event came (pruned when read, and in sweeps). */
  private readonly recent = new Map<string, Map<string, number>>();
  private notes = 0;

  constructor(private readonly ctx: ServerContext) {}

  /** A document of the workspace changed (every `document` event, whether or not an environment runs: thousands a second). */
  noteEdit(workspaceId: string, itemId: string, now = Date.now()): void {
    let items = this.recent.get(workspaceId);
    if (!items) {
      items = new Map();
      this.recent.set(workspaceId, items);
    }
    items.set(itemId, now);
    // Now and then sweep every workspace, so ones that went quiet do not keep their entries.
    if (++this.notes % 10_000 === 0) for (const id of [...this.recent.keys()]) this.prune(id, now);
  }

  async listFiles(workspaceId: string): Promise<WorkspaceFile[]> {
    const rows = await this.ctx.db.pool.any(sql.type(fileRow)`
      SELECT id, path, content FROM workspace_items
      WHERE workspace_id = ${workspaceId} AND type = 'file'
      ORDER BY path COLLATE "C"`);
    const recent = this.prune(workspaceId, Date.now());
    return Promise.all(
      rows.map(async (row) => {
        if (!recent?.has(row.id) && !row.content.includes(REPLACED)) return { path: row.path, content: row.content };
        try {
          return { path: row.path, content: await this.ctx.documents.readText(row.id) };
        } catch {
          // Deleted meanwhile: its deletion reaches the environment as a change of its own.
          return { path: row.path, content: row.content };
        }
      }),
    );
  }

  /** The live text (the ignore file, before every pull): one indexed lookup, and the document only when there is one. */
  async readFile(workspaceId: string, path: string): Promise<string | null> {
    const item = await findItemByPath(this.ctx.db.pool, workspaceId, path);
    if (!item || item.type !== 'file') return null;
    try {
      return await this.ctx.documents.readText(item.id);
    } catch {
      return null; // deleted meanwhile
    }
  }

  /** Forgets edits older than RECENT_MS; returns what is left of the workspace's. */
  private prune(workspaceId: string, now: number): Map<string, number> | undefined {
    const items = this.recent.get(workspaceId);
    if (!items) return undefined;
    for (const [id, at] of items) if (now - at >= RECENT_MS) items.delete(id);
    if (items.size === 0) this.recent.delete(workspaceId);
    return items;
  }
}
