/**
 * TANDEM_METRICS_TOKEN: when set, the operations endpoints that tell more than "alive"
 * (`/metrics`, `/api/health/detailed`) need `Authorization: Bearer <token>`; 401
 * `unauthenticated` otherwise. They answer any Host (scrapers reach pods by IP), so
 * the token is what keeps a DNS-rebinding page or a stranger on the network out.
 * Unset: open, as before (a deployment should set it).
 *
 * The comparison is of SHA-256 digests with `timingSafeEqual`: constant time, and
 * the lengths always match, so not even the token's length leaks.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { parseBearer } from '../auth/api-token';
import { HttpError } from '../http/errors';
import type { RequestContext } from '../http/router';

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** A check that throws 401 unless the request carries the token; a no-op when there is none. */
export function opsTokenCheck(token: string | undefined): (req: RequestContext) => void {
  if (token === undefined) return () => {};
  const expected = digest(token);
  return (req) => {
    const given = parseBearer(req.headers['authorization']);
    if (given !== null && timingSafeEqual(digest(given), expected)) return;
    throw new HttpError(401, 'unauthenticated', 'This endpoint needs Authorization: Bearer <TANDEM_METRICS_TOKEN>');
  };
}
