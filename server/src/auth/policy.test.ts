import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Role as WireRole } from '@tandem/protocol';
import type { Role as MemberRole } from '../context';
import { TERMINAL_ACTIONS } from '../execution/terminal-actions';
import {
  ACTIONS,
  POLICY,
  READ_ONLY_REASON,
  ROLES,
  can,
  httpRefusal,
  neededRole,
  socketRefusal,
  syncDenial,
  wsRefusal,
  type Action,
  type Role,
} from './policy';

const Y = true;
const N = false;

/**
 * Every cell, written out once more by hand, and where a test over the wire holds it
 * (access-control = access-control.integration.test.ts, whose rows are
 * members(viewer, editor, owner); terminals = terminals.integration.test.ts;
 * sync = sync-endpoint.integration.test.ts). The reviewer column is the grant the
 * review issue adds: nothing on the wire holds it yet.
 */
const EXPECTED: Record<Action, [owner: boolean, editor: boolean, viewer: boolean, reviewer: boolean]> = {
  'workspace.read': [Y, Y, Y, Y], //    access-control GET /api/workspaces/:id 200,200,200; /ws hello for a viewer
  'workspace.rename': [Y, Y, N, N], //  access-control PATCH /api/workspaces/:id 403,200,200
  'workspace.delete': [Y, N, N, N], //  access-control DELETE /api/workspaces/:id 403,403,204
  'workspace.configure': [Y, N, N, N], // access-control PUT /api/workspaces/:id/settings 403,403,200
  'members.read': [Y, Y, Y, Y], //      access-control GET .../members 200,200,200
  'members.manage': [Y, N, N, N], //    access-control POST .../members 403,403,201; PATCH .../members/:userId 403,403,200; DELETE another 403 (editor)
  'members.leave': [N, Y, Y, N], //     access-control DELETE .../members/<the viewer> as the viewer 204; the owner is no member (409 is_owner)
  'files.read': [Y, Y, Y, Y], //        access-control GET .../items, GET .../files/* 200,200,200
  'files.write': [Y, Y, N, N], //       access-control POST, PATCH, DELETE .../items; PUT, DELETE .../files/* 403,2xx,2xx
  'sync.read': [Y, Y, Y, Y], //         sync: viewers read and see awareness; outsiders 4403
  'sync.write': [Y, Y, N, N], //        sync and access-control: a viewer's update is dropped with permission denied
  'awareness.publish': [Y, Y, Y, Y], // sync: "viewer awareness is relayed"
  'terminal.watch': [Y, Y, Y, Y], //    terminals: a viewer attaches and watches a shared terminal
  'terminal.open': [Y, Y, N, N], //     terminals: a viewer's term.open is forbidden; the owner opens
  'terminal.input': [Y, Y, N, N], //    terminals: a viewer's term.input is forbidden and never reaches the shell
  'terminal.resize': [Y, Y, N, N], //   terminals: a viewer's term.resize is forbidden
  'terminal.close': [Y, Y, N, N], //    terminals: a viewer's term.close is forbidden
  'env.start': [Y, Y, N, N], //         terminals: a viewer's env.start is forbidden
  run: [Y, Y, N, N], //                 access-control POST .../run 403,400,400 (the role check comes before the body)
  'review.request': [Y, Y, N, N], //    access-control POST .../reviews 403,201,201
  'comments.read': [Y, Y, Y, Y], //     access-control GET .../threads 200 for every role but strangers
  'comments.write': [Y, Y, N, Y], //    access-control POST .../threads 403 (viewer), 201 (reviewer, editor, owner)
};

const cells = ACTIONS.flatMap((action) => ROLES.map((role, i) => [action, role, EXPECTED[action][i]!] as const));

describe('the policy table', () => {
  it('has exactly the actions written out here, for the four roles', () => {
    expect([...ACTIONS].sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(ROLES).toEqual(['owner', 'editor', 'viewer', 'reviewer']);
  });

  it.each(cells)('%s: %s → %s', (action, role, allowed) => {
    expect(can(role, action)).toBe(allowed);
  });

  it('makes reading the floor: whoever may do anything may read, so a refusal to read is "no such workspace"', () => {
    for (const role of ROLES) {
      if (ACTIONS.some((action) => can(role, action))) expect(can(role, 'workspace.read'), role).toBe(true);
      expect([can(role, 'files.read'), can(role, 'sync.read'), can(role, 'members.read')], role).toEqual(Array(3).fill(can(role, 'workspace.read')));
    }
  });

  it('lets a reviewer read like a viewer and comment, nothing more (a reviewer is no member, so cannot leave)', () => {
    const reviewer = ACTIONS.filter((action) => can('reviewer', action));
    const viewer = ACTIONS.filter((action) => can('viewer', action));
    expect(reviewer).toEqual([...viewer.filter((action) => action !== 'members.leave'), 'comments.write']);
  });

  it('names the least member role that may act, for refusal messages', () => {
    expect(neededRole('files.write')).toBe('editor');
    expect(neededRole('members.manage')).toBe('owner');
    expect(neededRole('workspace.read')).toBe('viewer');
    expect(neededRole('members.leave')).toBe('viewer');
  });
});

describe('the actions the server checks', () => {
  it('are a union the compiler holds every call site to', () => {
    // @ts-expect-error an action the table does not have does not compile
    expect(can('viewer', 'files.delete')).toBe(false); // and were it forced through, it is refused
    // @ts-expect-error nor does a role it does not know
    expect(can('admin', 'files.read')).toBe(false);
    // @ts-expect-error nor a name from the prototype
    expect(can('owner', 'toString')).toBe(false);
    expectTypeOf<Action>().toEqualTypeOf<keyof typeof POLICY>();
    // Every role the server hands around, or sends (hello, the HTTP shapes), is a role of the table.
    expectTypeOf<MemberRole>().toMatchTypeOf<Role>();
    expectTypeOf<WireRole>().toMatchTypeOf<Role>();
  });

  it('are each enforced somewhere: no row of the table is decoration', () => {
    const source = serverSources().filter((file) => !file.endsWith('auth/policy.ts'));
    const asks = /\b(?:can|requireRole|requireAllowed|requireSocketAccess|httpRefusal|socketRefusal|syncDenial|wsRefusal)\(/;
    const asked = new Set<string>(Object.values(TERMINAL_ACTIONS));
    for (const file of source) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (!asks.test(line)) continue;
        for (const [, literal] of line.matchAll(/'([a-z]+(?:\.[a-z]+)?)'/g)) asked.add(literal!);
      }
    }
    expect(ACTIONS.filter((action) => !asked.has(action))).toEqual([]);
  });
});

describe('refusals, as each surface has always answered them', () => {
  it('HTTP: 404 workspace_not_found for non-members whatever they ask, so ids cannot be probed', () => {
    for (const action of ACTIONS) {
      expect(httpRefusal(null, action)).toEqual({ status: 404, code: 'workspace_not_found', message: 'Workspace not found' });
    }
  });

  it('HTTP: 403 insufficient_role naming the role needed, nothing when allowed', () => {
    expect(httpRefusal('viewer', 'files.write')).toEqual({
      status: 403,
      code: 'insufficient_role',
      message: 'This needs the editor role in the workspace; you are a viewer',
    });
    expect(httpRefusal('editor', 'workspace.delete')?.message).toBe('This needs the owner role in the workspace; you are an editor');
    expect(httpRefusal('reviewer', 'run')?.message).toBe('This needs the editor role in the workspace; you are a reviewer');
    for (const [action, role, allowed] of cells) {
      expect(httpRefusal(role, action)?.status ?? 'allowed', `${role} ${action}`).toBe(allowed ? 'allowed' : 403);
    }
  });

  it('CLOSE-3, ADMIT-5: sockets: 4403 at the door for non-members, as for unknown workspaces; members get in', () => {
    expect(socketRefusal(null, 'sync.read')).toEqual({ code: 4403, reason: 'not a member of this workspace' });
    expect(socketRefusal(null, 'workspace.read')).toEqual({ code: 4403, reason: 'not a member of this workspace' });
    for (const role of ROLES) expect([socketRefusal(role, 'sync.read'), socketRefusal(role, 'workspace.read')]).toEqual([null, null]);
  });

  it('SYNC-4, SYNC-7: /sync: a refused update gets the permission-denied reason viewers always got; awareness is everyone’s', () => {
    expect(READ_ONLY_REASON).toBe('read-only: viewers cannot change this document');
    expect(syncDenial('viewer', 'sync.write')).toBe(READ_ONLY_REASON);
    expect(syncDenial('reviewer', 'sync.write')).toBe(READ_ONLY_REASON);
    expect([syncDenial('owner', 'sync.write'), syncDenial('editor', 'sync.write')]).toEqual([null, null]);
    for (const role of ROLES) expect(syncDenial(role, 'awareness.publish')).toBeNull();
  });

  it('TERM-16: /ws: a refused message is a forbidden error, the socket stays', () => {
    expect(wsRefusal('viewer', 'terminal.input')).toEqual({ code: 'forbidden', message: 'Viewers may not type into terminals' });
    expect(wsRefusal('reviewer', 'env.start')).toEqual({ code: 'forbidden', message: 'Reviewers may not start the environment' });
    expect(wsRefusal('editor', 'terminal.input')).toBeNull();
    for (const role of ROLES) expect(wsRefusal(role, 'awareness.publish')).toBeNull();
  });
});

function serverSources(dir = join(import.meta.dirname, '..')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return serverSources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}
