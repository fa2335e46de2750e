/**
 * The open sessions of every workspace, and presence broadcasting. Presence changes
 * (join, leave, focus) are coalesced per workspace: one message for all changes in a
 * short window, and none when the list came out the same.
 */
import type { ServerMessage } from '@tandem/protocol';
import { presenceOf } from './presence';
import type { WorkspaceSession } from './session';

export class Rooms {
  private readonly byWorkspace = new Map<string, Set<WorkspaceSession>>();
  private readonly byId = new Map<string, WorkspaceSession>();
  private readonly lastPresence = new Map<string, string>();
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(private readonly presenceDelayMs: number) {}

  add(session: WorkspaceSession): void {
    let set = this.byWorkspace.get(session.workspaceId);
    if (!set) {
      set = new Set();
      this.byWorkspace.set(session.workspaceId, set);
    }
    set.add(session);
    this.byId.set(session.id, session);
    this.presenceChanged(session.workspaceId);
  }

  remove(session: WorkspaceSession): void {
    this.byId.delete(session.id);
    const set = this.byWorkspace.get(session.workspaceId);
    if (!set?.delete(session)) return;
    if (set.size === 0) {
      this.byWorkspace.delete(session.workspaceId);
      this.lastPresence.delete(session.workspaceId);
      clearTimeout(this.pending.get(session.workspaceId));
      this.pending.delete(session.workspaceId);
      return;
    }
    this.presenceChanged(session.workspaceId);
  }

  session(id: string): WorkspaceSession | undefined {
    return this.byId.get(id);
  }

  /** A snapshot: closing sessions while iterating it is safe. */
  sessions(workspaceId: string): WorkspaceSession[] {
    return [...(this.byWorkspace.get(workspaceId) ?? [])];
  }

  all(): WorkspaceSession[] {
    return [...this.byId.values()];
  }

  get size(): number {
    return this.byId.size;
  }

  broadcast(workspaceId: string, message: ServerMessage): void {
    const set = this.byWorkspace.get(workspaceId);
    if (!set) return;
    for (const session of [...set]) session.send(message);
  }

  presenceChanged(workspaceId: string): void {
    if (this.pending.has(workspaceId)) return;
    this.pending.set(workspaceId, setTimeout(() => this.flushPresence(workspaceId), this.presenceDelayMs));
  }

  private flushPresence(workspaceId: string): void {
    this.pending.delete(workspaceId);
    const set = this.byWorkspace.get(workspaceId);
    if (!set) return;
    const message: ServerMessage = { type: 'presence', users: presenceOf(set) };
    const encoded = JSON.stringify(message);
    const changed = this.lastPresence.get(workspaceId) !== encoded;
    this.lastPresence.set(workspaceId, encoded);
    for (const session of [...set]) {
      if (changed || !session.presenceSeen) {
        session.presenceSeen = true;
        session.send(message);
      }
    }
  }

  close(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }
}
