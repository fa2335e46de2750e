/**
 * Which processes each workspace has running, on disk, so that after a crash the
 * next server process can find and kill them (`listOrphans`, then `stop`). Kept
 * beside the workspace folders, not inside them: a command must not edit it.
 */
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProcessIdentity } from './process-tree';

export class ProcessRecords {
  private readonly live = new Map<string, ProcessIdentity[]>();
  private writes = Promise.resolve();

  constructor(private readonly dir: string) {}

  add(workspaceId: string, identity: ProcessIdentity): Promise<void> {
    const list = this.live.get(workspaceId) ?? [];
    list.push(identity);
    this.live.set(workspaceId, list);
    return this.persist(workspaceId);
  }

  remove(workspaceId: string, pid: number): Promise<void> {
    const list = (this.live.get(workspaceId) ?? []).filter((p) => p.pid !== pid);
    this.live.set(workspaceId, list);
    return this.persist(workspaceId);
  }

  /** Workspaces with records on disk that this process did not write: left by an earlier process. */
  async orphans(): Promise<string[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    return names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -5)).filter((id) => !this.live.has(id));
  }

  /** What the records on disk say (for an orphan), then forgets them. */
  async take(workspaceId: string): Promise<ProcessIdentity[]> {
    const file = this.file(workspaceId);
    const text = await readFile(file, 'utf8').catch(() => '[]');
    this.live.delete(workspaceId);
    await rm(file, { force: true });
    try {
      const parsed = JSON.parse(text) as unknown;
      return Array.isArray(parsed) ? parsed.filter(isIdentity) : [];
    } catch {
      return [];
    }
  }

  private persist(workspaceId: string): Promise<void> {
    const write = async () => {
      const list = this.live.get(workspaceId) ?? [];
      await mkdir(this.dir, { recursive: true });
      if (list.length === 0) await rm(this.file(workspaceId), { force: true });
      else await writeFile(this.file(workspaceId), JSON.stringify(list));
    };
    this.writes = this.writes.then(write, write);
    return this.writes;
  }

  private file(workspaceId: string): string {
    return join(this.dir, `${workspaceId}.json`);
  }
}

function isIdentity(value: unknown): value is ProcessIdentity {
  const v = value as ProcessIdentity;
  return typeof v === 'object' && v !== null && Number.isInteger(v.pid) && v.pid > 1 && Number.isFinite(v.startTime);
}
