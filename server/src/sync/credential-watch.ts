/**
 * `/sync` sockets follow their credentials: when a user's change (`credentialsChanged`:
 * a token revoked, the password changed, a sign-out), each of their connections on this
 * replica is authenticated again with what it was admitted with, and closes with 4401
 * when that no longer names them (auth/credential-recheck.ts).
 */
import type { ServerContext } from '../context';
import { CredentialEpochs, recheckCredentials, type CredentialHolder } from '../auth/credential-recheck';
import type { SyncConnection } from './sync-connection';
import type { SyncConnections } from './sync-connections';

const holderOf = (conn: SyncConnection & { credentials: NonNullable<SyncConnection['credentials']> }): CredentialHolder => ({
  userId: conn.userId,
  credentials: conn.credentials,
  get closed() {
    return conn.gone || conn.peer.closed;
  },
  close: (code, reason) => conn.peer.cork(() => conn.peer.close(code, reason)),
});

export interface CredentialWatch {
  /** This replica's count of credential changes (see `CredentialEpochs`). */
  epoch(): number;
  recheck(userId: string): void;
}

export function watchCredentials(ctx: ServerContext, hub: Pick<SyncConnections, 'connectionsOfUser'>): CredentialWatch {
  const epochs = new CredentialEpochs();
  const recheck = (userId: string) => {
    const holders = hub.connectionsOfUser(userId).filter((c): c is Parameters<typeof holderOf>[0] => c.credentials !== null).map(holderOf);
    if (holders.length === 0) return;
    recheckCredentials(ctx.auth, holders).then(
      (closed) => closed > 0 && ctx.log.info({ userId, closed }, 'sync sockets closed: credentials no longer valid'),
      (err: unknown) => ctx.log.error({ err, userId }, 'sync credential re-check failed'),
    );
  };
  ctx.events.on('credentialsChanged', (userId) => {
    epochs.bump();
    recheck(userId);
  });
  return { epoch: () => epochs.current(), recheck };
}
