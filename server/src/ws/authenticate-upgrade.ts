/**
 * Who is opening a user-level socket, as `/ws` decides it: a session cookie,
 * `Authorization: Bearer` or `?token=`; none or a bad one is 4401. A cookie upgrade
 * from an Origin that may not use our cookies is 4403 (cross-site WebSocket
 * hijacking: the browser sends the cookie whoever's page opens the socket). The
 * credentials are kept so that the socket can be re-checked later (signed out,
 * expired, token revoked).
 */
import { CloseCode } from '@tandem/protocol';
import type { AuthUser, Authenticator, Credentials, Hosts } from '../context';
import { UpgradeRefused, type UpgradeRequest } from './upgrade-request';

export function upgradeCredentials(request: UpgradeRequest): Credentials {
  return {
    cookie: request.headers['cookie'],
    authorization: request.headers['authorization'],
    token: request.query.get('token') ?? undefined,
  };
}

export async function authenticateUpgrade(
  deps: { auth: Authenticator; hosts: Hosts },
  request: UpgradeRequest,
): Promise<{ user: AuthUser; credentials: Credentials }> {
  const credentials = upgradeCredentials(request);
  const user = await deps.auth.authenticate(credentials);
  if (!user) throw new UpgradeRefused(CloseCode.UNAUTHENTICATED, 'sign in first');
  if (user.via === 'session' && !deps.hosts.allowsOrigin(request.headers['origin'])) {
    throw new UpgradeRefused(CloseCode.FORBIDDEN, 'cross-origin socket refused');
  }
  return { user, credentials };
}
