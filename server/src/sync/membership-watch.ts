/**
 * Sockets follow membership changes: a removed member's open documents close with
 * 4403, a changed role applies at once (an editor made viewer can no longer write),
 * and a deleted workspace closes all its documents with 4404.
 */
import { can } from '../auth/policy';
import { CloseCode } from '@tandem/protocol';
import type { ServerContext } from '../context';
import type { SyncConnections } from './sync-connections';

export function watchMemberships(ctx: ServerContext, hub: Pick<SyncConnections, 'connectionsOf'>): void {
  ctx.events.on('membershipChanged', (workspaceId, userId) => {
    const conns = hub.connectionsOf(workspaceId, userId);
    if (conns.length === 0) return;
    ctx.access.roleFor(workspaceId, userId).then(
      (role) => {
        for (const conn of conns) {
          if (conn.gone) continue;
          if (role && can(role, 'sync.read')) conn.role = role;
          else conn.peer.cork(() => conn.peer.close(CloseCode.FORBIDDEN, 'no longer a member'));
        }
      },
      (err: unknown) => {
        // Fail closed: we cannot tell whether they may still write.
        ctx.log.error({ err, workspaceId, userId }, 'membership re-check failed');
        for (const conn of conns) conn.peer.cork(() => conn.peer.close(CloseCode.INTERNAL, 'membership re-check failed'));
      },
    );
  });
  ctx.events.on('workspaceDeleted', (workspaceId) => {
    for (const conn of hub.connectionsOf(workspaceId)) conn.peer.cork(() => conn.peer.close(CloseCode.NOT_FOUND, 'workspace deleted'));
  });
}
