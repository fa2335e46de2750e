/**
 * Members of a workspace. Every member sees the list (the owner first, role `owner`);
 * only the owner adds, changes and removes members; any member may remove themselves
 * (leave). Each change emits `membershipChanged` so open sockets are re-checked.
 */
import { addMemberByUsername, listMembers, removeMember, UniqueViolationError, updateMemberRole } from '@tandem/persistence';
import { addMemberBodySchema, changeRoleBodySchema, type MemberEnvelope, type MemberList } from '@tandem/protocol';
import type { ServerContext } from '../context';
import { canonicalId } from '../workspace/names';
import { conflict, notFound } from '../http/errors';
import type { RequestContext, Router } from '../http/router';
import { toApiMember } from '../workspace/api-shapes';
import { isUuid, requireAllowed, requireRole } from './require-user';

const ownerIsNoMember = () => conflict('is_owner', "The workspace's owner is not a member: their role cannot be added, changed or removed");

export function registerMemberRoutes(router: Router, ctx: ServerContext): void {
  router.get('/api/workspaces/:id/members', async (req) => {
    await requireRole(ctx, req, canonicalId(req.params.id!), 'members.read');
    const rows = await listMembers(ctx.db.pool, canonicalId(req.params.id!));
    return { json: { members: rows.map(toApiMember) } satisfies MemberList };
  }, { summary: 'List the owner and the members' });

  router.post('/api/workspaces/:id/members', async (req) => {
    const workspaceId = canonicalId(req.params.id!);
    await requireRole(ctx, req, workspaceId, 'members.manage');
    const body = req.json(addMemberBodySchema);
    let result;
    try {
      result = await addMemberByUsername(ctx.db.pool, { workspaceId, username: body.username, role: body.role });
    } catch (err) {
      if (err instanceof UniqueViolationError) throw conflict('already_member', `${body.username} is already a member`);
      throw err;
    }
    if (result.kind === 'user_not_found') throw notFound(`User ${body.username}`, 'user_not_found');
    if (result.kind === 'is_owner') throw ownerIsNoMember();
    ctx.events.emit('membershipChanged', workspaceId, result.member.userId);
    return { status: 201, json: { member: toApiMember(result.member) } satisfies MemberEnvelope };
  }, { summary: 'Add a member by username (owner only)' });

  router.patch('/api/workspaces/:id/members/:userId', async (req) => {
    const { workspaceId, userId } = await target(ctx, req, 'owner');
    const body = req.json(changeRoleBodySchema);
    const row = await updateMemberRole(ctx.db.pool, workspaceId, userId, body.role);
    if (!row) throw notFound('Member', 'member_not_found');
    ctx.events.emit('membershipChanged', workspaceId, userId);
    return { json: { member: toApiMember(row) } satisfies MemberEnvelope };
  }, { summary: "Change a member's role (owner only)" });

  router.delete('/api/workspaces/:id/members/:userId', async (req) => {
    const { workspaceId, userId } = await target(ctx, req, 'self-or-owner');
    if (!(await removeMember(ctx.db.pool, workspaceId, userId))) throw notFound('Member', 'member_not_found');
    ctx.events.emit('membershipChanged', workspaceId, userId);
    return { status: 204 };
  }, { summary: 'Remove a member (owner), or leave the workspace (the member themselves)' });
}

/** Resolves and authorises the member a PATCH or DELETE is about. */
async function target(ctx: ServerContext, req: RequestContext, who: 'owner' | 'self-or-owner') {
  const workspaceId = canonicalId(req.params.id!);
  const userId = canonicalId(req.params.userId!);
  const { user, role } = await requireRole(ctx, req, workspaceId, 'workspace.read');
  const self = userId === user.id;
  // Not an access decision: the owner has no membership row to change or remove.
  if (role === 'owner' && self) throw ownerIsNoMember();
  requireAllowed(role, who === 'self-or-owner' && self ? 'members.leave' : 'members.manage');
  if (!isUuid(userId)) throw notFound('Member', 'member_not_found');
  return { workspaceId, userId };
}
