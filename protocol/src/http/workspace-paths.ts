/** The operations of workspaces and their members (server/src/api/workspace-routes.ts, member-routes.ts). */
import type { RouteConfig } from '@asteasolutions/zod-to-openapi';
import { addMemberBodySchema, changeRoleBodySchema, memberEnvelopeSchema, memberListSchema, memberParamsSchema } from './members';
import { badInput, errorResponse, forbiddenBelow, jsonBody, jsonResponse, signedInOperation, noContent, notMember, tooLarge } from './responses';
import { createWorkspaceBodySchema, renameWorkspaceBodySchema, workspaceEnvelopeSchema, workspaceListSchema, workspaceParamsSchema } from './workspaces';

const params = { params: workspaceParamsSchema };
const member = { params: memberParamsSchema };

export const workspacePaths: RouteConfig[] = [
  signedInOperation('workspaces', 'get', '/api/workspaces', 'List the workspaces you own or are a member of', undefined, {
    200: jsonResponse('Most recently active first', workspaceListSchema),
  }),
  signedInOperation('workspaces', 'post', '/api/workspaces', 'Create a workspace with a starter file (`main.py` for Python)', { body: jsonBody(createWorkspaceBodySchema) }, {
    201: jsonResponse('Created; you are its owner', workspaceEnvelopeSchema),
    400: badInput,
    409: errorResponse('You own the maximum number of workspaces', ['workspace_limit']),
    413: tooLarge,
  }),
  signedInOperation('workspaces', 'get', '/api/workspaces/{id}', 'Read a workspace', params, {
    200: jsonResponse('The workspace', workspaceEnvelopeSchema),
    404: notMember,
  }),
  signedInOperation('workspaces', 'patch', '/api/workspaces/{id}', 'Rename a workspace (editors and the owner)', { ...params, body: jsonBody(renameWorkspaceBodySchema) }, {
    200: jsonResponse('Renamed', workspaceEnvelopeSchema),
    400: badInput,
    403: forbiddenBelow('editor'),
    404: notMember,
  }),
  signedInOperation('workspaces', 'delete', '/api/workspaces/{id}', 'Delete a workspace with all its files (owner only); its open sockets close with 4404', params, {
    204: noContent,
    403: forbiddenBelow('owner'),
    404: notMember,
  }),

  signedInOperation('members', 'get', '/api/workspaces/{id}/members', 'List the owner (role `owner`) and the members', params, {
    200: jsonResponse('Owner first, then members by username', memberListSchema),
    404: notMember,
  }),
  signedInOperation('members', 'post', '/api/workspaces/{id}/members', 'Add a member by username (owner only)', { ...params, body: jsonBody(addMemberBodySchema) }, {
    201: jsonResponse('Added', memberEnvelopeSchema),
    400: badInput,
    403: forbiddenBelow('owner'),
    404: errorResponse('No such workspace (or not yours to see), or no such user', ['workspace_not_found', 'user_not_found']),
    409: errorResponse('Already a member, or the owner', ['already_member', 'is_owner']),
  }),
  signedInOperation('members', 'patch', '/api/workspaces/{id}/members/{userId}', "Change a member's role (owner only); their open sockets see the new role", { ...member, body: jsonBody(changeRoleBodySchema) }, {
    200: jsonResponse('Changed', memberEnvelopeSchema),
    400: badInput,
    403: forbiddenBelow('owner'),
    404: errorResponse('No such workspace or member', ['workspace_not_found', 'member_not_found']),
    409: errorResponse("The owner's role cannot change", ['is_owner']),
  }),
  signedInOperation('members', 'delete', '/api/workspaces/{id}/members/{userId}', 'Remove a member (owner), or leave (the member themselves); their open sockets close with 4403', member, {
    204: noContent,
    403: forbiddenBelow('owner (or yourself)'),
    404: errorResponse('No such workspace or member', ['workspace_not_found', 'member_not_found']),
    409: errorResponse('The owner cannot leave their own workspace', ['is_owner']),
  }),
];
