/** The server's JSON shapes (server/src/workspace/api-shapes.ts, docs/protocols.md) as the IDE reads them. */
export type Role = 'owner' | 'editor' | 'viewer';

export interface User {
  id: string;
  username: string;
  email: string;
}

export interface Workspace {
  id: string;
  name: string;
  language: string;
  role: Role;
  owner: { id: string; username: string };
  lastActivityAt: string;
}

export interface Member {
  userId: string;
  username: string;
  role: Role;
}

export interface Item {
  id: string;
  parentId: string | null;
  name: string;
  type: 'file' | 'folder';
  path: string;
}

export type TreeChangeKind = 'created' | 'renamed' | 'moved' | 'deleted' | 'updated';
export interface TreeChange {
  kind: TreeChangeKind;
  item: Item;
  oldPath?: string;
}

export interface PresenceUser {
  userId: string;
  username: string;
  connections: number;
  itemId: string | null;
}

export type EnvStatus = 'stopped' | 'starting' | 'ready' | 'failed';

/** Files left out of the environment because their names cannot be written there (rename them). */
export interface SkippedFiles {
  count: number;
  paths: string[];
}

export interface EnvState {
  status: EnvStatus;
  reason?: string;
  skipped?: SkippedFiles;
}

export interface TerminalInfo {
  termId: string;
  cols: number;
  rows: number;
  exited: boolean;
  exitCode: number | null;
}

/** What arrives on `/ws/<workspaceId>`; every frame has a `type`. */
export type ServerMessage =
  | { type: 'hello'; user: { id: string; username: string }; role: Role }
  | { type: 'presence'; users: PresenceUser[] }
  | { type: 'tree'; change: TreeChange }
  | { type: 'env.status'; status: EnvStatus; reason?: string; skipped?: SkippedFiles }
  | { type: 'term.opened'; termId: string; cols: number; rows: number }
  | { type: 'term.output'; termId: string; seq: number; data: string }
  | { type: 'term.skipped'; termId: string; from: number; to: number }
  | { type: 'term.exit'; termId: string; code: number | null }
  | { type: 'term.closed'; termId: string }
  | { type: 'term.list'; terminals: TerminalInfo[] }
  | { type: 'error'; code: string; message: string; ref?: string | number };

export type ClientMessage =
  | { type: 'presence.focus'; itemId: string | null }
  | { type: 'term.open'; cols: number; rows: number }
  | { type: 'term.attach'; termId: string; since: number }
  | { type: 'term.detach'; termId: string }
  | { type: 'term.input'; termId: string; data: string }
  | { type: 'term.resize'; termId: string; cols: number; rows: number }
  | { type: 'term.close'; termId: string }
  | { type: 'term.list' }
  | { type: 'env.start' };
