/**
 * What a WebSocket endpoint needs to decide on a connection, and how it says no.
 * The decision itself is taken after the upgrade (see `admission.ts`).
 */
import { socketRefusal, type Action, type Role } from '../auth/policy';

export interface UpgradeRequest {
  url: string;
  query: URLSearchParams;
  headers: Record<string, string>;
}

/** Thrown by an endpoint's decision: the socket is closed with this code and reason. */
export class UpgradeRefused extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** Refuses the upgrade as the policy says (4403, non-members as unknown workspaces) unless `role` may take `action`. */
export function requireSocketAccess(role: Role | null, action: Action): asserts role is Role {
  const refused = socketRefusal(role, action);
  if (refused) throw new UpgradeRefused(refused.code, refused.reason);
}
