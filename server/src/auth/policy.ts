/**
 * Who may do what in a workspace: every access decision of HTTP, `/sync` and `/ws`
 * is `can(role, action)` against one table, and a refusal is answered the way each
 * surface always has (`docs/security.md`, "Who is trusted"). Pure: the role comes
 * from `Access.roleFor` (PostgreSQL), the answer goes back through the caller.
 *
 * Non-members have no role. Whatever a role may not read, it is told apart from
 * nothing: 404 over HTTP, 4403 on a socket, exactly as for a workspace that does not
 * exist, so ids cannot be probed. A role that may read but not act gets 403
 * `insufficient_role` (HTTP), a permission-denied auth message (`/sync`) or a
 * `forbidden` error (`/ws`), and its connection stays open.
 */
import { CloseCode } from '@tandem/protocol';

/**
 * The membership roles (the owner is `workspaces.owner_id`, the others
 * `workspace_members.role`) and the reviewer grant: an assigned reviewer reads the
 * workspace like a viewer while their review is open (`Access.roleFor` answers it,
 * from persistence's `reviewerGrant`); the moment the review closes or is re-assigned
 * it is gone (reviews/reviewer-access-watch.ts closes their sockets).
 */
export const ROLES = ['owner', 'editor', 'viewer', 'reviewer'] as const;
export type Role = (typeof ROLES)[number];

/** Whether the role is a membership (owner, editor, viewer) rather than the reviewer grant. */
export function isMemberRole(role: Role | null): boolean {
  return role !== null && role !== 'reviewer';
}

const ALL = ROLES;
const WRITERS = ['owner', 'editor'] as const;
const OWNER = ['owner'] as const;

interface Rule {
  /** The roles that may. */
  who: readonly Role[];
  /** What it is, for refusal messages and the docs: "<role>s may not <what>". */
  what: string;
}

/** Every action the server checks, and who may take it. */
export const POLICY = {
  'workspace.read': { who: ALL, what: 'read this workspace' }, // GET the workspace; /ws: tree, presence, env.status
  'workspace.rename': { who: WRITERS, what: 'rename this workspace' },
  'workspace.delete': { who: OWNER, what: 'delete this workspace' },
  'workspace.configure': { who: OWNER, what: "change this workspace's settings" }, // PUT settings (run commands)
  'members.read': { who: ALL, what: 'list the members' },
  'members.manage': { who: OWNER, what: 'add, change or remove members' },
  // The owner is no member and cannot leave (409 `is_owner`); a reviewer is no member either.
  'members.leave': { who: ['editor', 'viewer'], what: 'leave this workspace' },
  'files.read': { who: ALL, what: 'read files' }, // the tree and file texts over HTTP
  'files.write': { who: WRITERS, what: 'create, change or delete files' }, // items and files/<path>
  'sync.read': { who: ALL, what: 'open documents' }, // a /sync connection: sync steps, awareness of others
  'sync.write': { who: WRITERS, what: 'change documents' }, // /sync updates
  'awareness.publish': { who: ALL, what: 'show where they are' }, // /sync awareness, /ws presence.focus
  'terminal.watch': { who: ALL, what: 'watch terminals' }, // term.attach, term.detach, term.list
  'terminal.open': { who: WRITERS, what: 'open terminals' },
  'terminal.input': { who: WRITERS, what: 'type into terminals' },
  'terminal.resize': { who: WRITERS, what: 'resize terminals' },
  'terminal.close': { who: WRITERS, what: 'close terminals' },
  'env.start': { who: WRITERS, what: 'start the environment' },
  run: { who: WRITERS, what: 'run commands' }, // POST /run
  'review.request': { who: WRITERS, what: 'request reviews' }, // POST /api/workspaces/:id/reviews
  // Comment threads (threads/thread-rules.ts adds who, beyond the role: resolve by the thread's
  // author, its review's reviewer or the owner; edit and delete only one's own comment).
  'comments.read': { who: ALL, what: 'read comment threads' }, // GET threads
  'comments.write': { who: ['owner', 'editor', 'reviewer'], what: 'comment' }, // threads, replies, drafts
} as const satisfies Record<string, Rule>;

export type Action = keyof typeof POLICY;
export const ACTIONS = Object.keys(POLICY) as Action[];

export function can(role: Role, action: Action): boolean {
  // Fails closed for what the compiler could not check (a cast, a name from outside).
  const rule: Rule | undefined = Object.hasOwn(POLICY, action) ? POLICY[action] : undefined;
  return rule !== undefined && rule.who.includes(role);
}

/** Member roles from the least to the most trusted: the one a refusal names as needed. */
const LEAST_FIRST = ['viewer', 'editor', 'owner'] as const;

/** The least member role that may take `action` (null: only a grant such as `reviewer` may). */
export function neededRole(action: Action): Role | null {
  return LEAST_FIRST.find((role) => can(role, action)) ?? null;
}

const article = (role: Role) => (role === 'owner' || role === 'editor' ? `an ${role}` : `a ${role}`);
const plural = (role: Role) => `${role[0]!.toUpperCase()}${role.slice(1)}s`;

export interface HttpRefusal {
  status: 403 | 404;
  code: 'insufficient_role' | 'workspace_not_found';
  message: string;
}

/** HTTP: 404 `workspace_not_found` when the user does not see the workspace, 403 `insufficient_role` when their role is short. */
export function httpRefusal(role: Role | null, action: Action): HttpRefusal | null {
  // What a role may not read, it is not told exists.
  if (role === null || !can(role, 'workspace.read')) return { status: 404, code: 'workspace_not_found', message: 'Workspace not found' };
  if (can(role, action)) return null;
  const needed = neededRole(action);
  return {
    status: 403,
    code: 'insufficient_role',
    message: needed
      ? `This needs the ${needed} role in the workspace; you are ${article(role)}`
      : `You are ${article(role)} in this workspace: you may not ${POLICY[action].what}`,
  };
}

export interface SocketRefusal {
  code: number;
  reason: string;
}

/** A `/sync` or `/ws` upgrade, or a socket re-checked: 4403, for non-members exactly as for unknown workspaces. */
export function socketRefusal(role: Role | null, action: Action): SocketRefusal | null {
  if (role === null || !can(role, 'workspace.read')) return { code: CloseCode.FORBIDDEN, reason: 'not a member of this workspace' };
  if (can(role, action)) return null;
  return { code: CloseCode.FORBIDDEN, reason: `${plural(role).toLowerCase()} may not ${POLICY[action].what}` };
}

/** A viewer's (or reviewer's) update on `/sync`: the permission-denied reason; stock clients keep the update and log this. */
export const READ_ONLY_REASON = 'read-only: viewers cannot change this document';

/** `/sync` messages: the reason of the permission-denied auth message (the message is dropped, the socket stays), or null. */
export function syncDenial(role: Role, action: Action): string | null {
  if (can(role, action)) return null;
  return action === 'sync.write' ? READ_ONLY_REASON : `read-only: ${plural(role).toLowerCase()} may not ${POLICY[action].what}`;
}

/** `/ws` messages: the `forbidden` error to answer with (the socket stays), or null. */
export function wsRefusal(role: Role, action: Action): { code: 'forbidden'; message: string } | null {
  if (can(role, action)) return null;
  return { code: 'forbidden', message: `${plural(role)} may not ${POLICY[action].what}` };
}
