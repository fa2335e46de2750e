/**
 * Each workspace's own host uid (when the server is root), from a range no
 * distribution hands out: it owns the workspace's files and nothing else, and the
 * kernel's per-uid process limit binds each workspace on its own. The choice is
 * kept in `<dataDir>/sandbox/uids.json` (root-only), so a workspace keeps its uid,
 * and therefore its files, across restarts.
 */
import { createHash } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';

export const SANDBOX_UID_BASE = 1_000_000_000;
export const SANDBOX_UID_COUNT = 1_000_000_000;

/** A stable first choice from the id, then the next free one (pure). */
export function pickUid(workspaceId: string, taken: ReadonlySet<number>): number {
  const hash = createHash('sha256').update(workspaceId).digest().readUInt32BE(0);
  for (let i = 0; i < SANDBOX_UID_COUNT; i++) {
    const uid = SANDBOX_UID_BASE + ((hash + i) % SANDBOX_UID_COUNT);
    if (!taken.has(uid)) return uid;
  }
  throw new Error('no sandbox uid left');
}

export class SandboxUids {
  private uids: Promise<Map<string, number>> | null = null;
  private writes = Promise.resolve();

  constructor(private readonly file: string) {}

  async uidFor(workspaceId: string): Promise<number> {
    const uids = await this.load();
    const known = uids.get(workspaceId);
    if (known !== undefined) return known;
    const uid = pickUid(workspaceId, new Set(uids.values()));
    uids.set(workspaceId, uid);
    const snapshot = JSON.stringify(Object.fromEntries(uids));
    this.writes = this.writes.then(async () => {
      await writeFile(`${this.file}.tmp`, snapshot, { mode: 0o600 });
      await rename(`${this.file}.tmp`, this.file);
    });
    await this.writes;
    return uid;
  }

  private load(): Promise<Map<string, number>> {
    this.uids ??= readFile(this.file, 'utf8').then(
      (text) => new Map(Object.entries(JSON.parse(text) as Record<string, number>)),
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return new Map<string, number>();
        throw error;
      },
    );
    return this.uids;
  }
}
