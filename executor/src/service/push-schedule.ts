/**
 * Which files go to the environment, and when (pure logic, the clock is passed in).
 *
 * Each document change marks its path dirty. A batch is due after `quietMs`
 * without changes, and at the latest `maxDelayMs` after its first change, so
 * steady typing still reaches the environment twice a second. Only the newest
 * state of a path is sent: content is read when the batch is taken, not when it
 * was marked. A rename is a delete of the old path and a write of the new one; a
 * delete drops what was pending below it (it would be deleted anyway).
 */

/** Content is read at flush time: marking stays cheap however fast someone types. */
export type ContentSource = string | (() => string);

export type DirtyChange =
  | { kind: 'write'; path: string; content: ContentSource }
  | { kind: 'mkdir'; path: string }
  | { kind: 'delete'; path: string }
  /** A file rename or move: give its content. A folder rename: omit it (its files are re-read from the source). */
  | { kind: 'rename'; from: string; to: string; content?: ContentSource };

export type PendingOp =
  | { kind: 'write'; path: string; content: ContentSource }
  | { kind: 'mkdir'; path: string }
  /** A folder that must be re-sent from the workspace source (a renamed folder's files). */
  | { kind: 'resync'; path: string };

export interface PushPolicy {
  quietMs: number;
  maxDelayMs: number;
}

export const DEFAULT_PUSH_POLICY: PushPolicy = { quietMs: 100, maxDelayMs: 500 };

export interface PushBatch {
  /** Deleted paths (applied first). */
  deletes: string[];
  /** Writes, folders and resyncs, keyed by path. */
  ops: PendingOp[];
}

export class PushSchedule {
  private readonly deletes = new Set<string>();
  private readonly ops = new Map<string, PendingOp>();
  private firstAt: number | null = null;
  private lastAt = 0;

  constructor(private readonly policy: PushPolicy = DEFAULT_PUSH_POLICY) {}

  mark(change: DirtyChange, now: number): void {
    this.firstAt ??= now;
    this.lastAt = now;
    switch (change.kind) {
      case 'write':
      case 'mkdir':
        this.ops.set(change.path, change);
        return;
      case 'delete':
        this.markDeleted(change.path);
        return;
      case 'rename':
        this.markDeleted(change.from);
        this.ops.set(
          change.to,
          change.content === undefined ? { kind: 'resync', path: change.to } : { kind: 'write', path: change.to, content: change.content },
        );
    }
  }

  get pending(): boolean {
    return this.firstAt !== null;
  }

  /** When the pending batch is due, or null when nothing is pending. */
  dueAt(): number | null {
    if (this.firstAt === null) return null;
    return Math.min(this.lastAt + this.policy.quietMs, this.firstAt + this.policy.maxDelayMs);
  }

  take(): PushBatch {
    const batch = { deletes: [...this.deletes], ops: [...this.ops.values()] };
    this.deletes.clear();
    this.ops.clear();
    this.firstAt = null;
    return batch;
  }

  private markDeleted(path: string): void {
    for (const key of [...this.ops.keys()]) if (isSameOrBelow(key, path)) this.ops.delete(key);
    for (const key of [...this.deletes]) if (isSameOrBelow(key, path)) this.deletes.delete(key);
    this.deletes.add(path);
  }
}

export function isSameOrBelow(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(`${ancestor}/`);
}

export function readContent(content: ContentSource): string {
  return typeof content === 'function' ? content() : content;
}
