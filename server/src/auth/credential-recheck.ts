/**
 * Open sockets keep the credentials they were admitted with (a session cookie or an API
 * token). When a user's credentials change (a token revoked, the password changed, a
 * session signed out: the `credentialsChanged` event), the user's sockets on this
 * replica are authenticated again with them, and those whose credentials no longer
 * name that user close with 4401. Sockets sharing one credential cost one lookup.
 */
import { CloseCode } from '@tandem/protocol';
import type { Authenticator, Credentials } from '../context';

/** A socket as the re-check sees it. */
export interface CredentialHolder {
  readonly userId: string;
  readonly credentials: Credentials;
  /** Closed already: skipped. */
  readonly closed: boolean;
  close(code: number, reason: string): void;
}

const keyOf = (c: Credentials) => JSON.stringify([c.cookie ?? null, c.authorization ?? null, c.token ?? null]);

/** Closes (4401) every holder whose credentials no longer authenticate its user; a failed lookup closes too (fail closed, 4500). */
export async function recheckCredentials(auth: Pick<Authenticator, 'authenticate'>, holders: readonly CredentialHolder[]): Promise<number> {
  const verdicts = new Map<string, Promise<string | null | Error>>();
  let closed = 0;
  await Promise.all(holders.map(async (holder) => {
    if (holder.closed) return;
    const key = keyOf(holder.credentials);
    let verdict = verdicts.get(key);
    if (!verdict) {
      verdict = auth.authenticate(holder.credentials).then((user) => user?.id ?? null, (err: unknown) => (err instanceof Error ? err : new Error(String(err))));
      verdicts.set(key, verdict);
    }
    const userId = await verdict;
    if (holder.closed || userId === holder.userId) return;
    closed++;
    if (userId instanceof Error) holder.close(CloseCode.INTERNAL, 'credential re-check failed');
    else holder.close(CloseCode.UNAUTHENTICATED, 'signed out, or the credentials were revoked');
  }));
  return closed;
}

/**
 * Credential changes seen by this replica, counted. A socket authenticated before a
 * change and admitted after it would miss the event: admission reads the count before
 * it authenticates and re-checks the socket when the count moved meanwhile (rare: a
 * change by anyone during those milliseconds).
 */
export class CredentialEpochs {
  private count = 0;

  bump(): void {
    this.count++;
  }

  current(): number {
    return this.count;
  }
}
