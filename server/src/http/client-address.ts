/**
 * The address a request comes from, for per-address limits. Pure (node:net's
 * BlockList and isIP do no I/O).
 *
 * Behind an ingress every connection comes from the ingress, so a per-address limit
 * on the peer would be one limit for everybody. The peer is replaced by the
 * X-Forwarded-For entry a trusted proxy appended, read from the right: each proxy
 * appends the address it saw, so the rightmost entry that is not one of our proxies
 * is the client. Anything left of it was written by the client and may be forged.
 * With no trusted proxies (the default) the header is ignored.
 *
 * IPv6 clients are counted per /64: one host usually holds a whole /64, so counting
 * single addresses would give it 2^64 budgets.
 */
import { BlockList, isIP } from 'node:net';

/** Whether `entry` is an IP address or a CIDR block (`10.0.0.0/8`, `fd00::/8`). */
export function isAddressOrCidr(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  if (rest.length > 0 || !address) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  if (!/^[0-9]{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/** TANDEM_TRUSTED_PROXIES entries (validated by the configuration) as a BlockList. */
export function trustedProxyList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split('/') as [string, string | undefined];
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}

/** The client's address: the peer, or what trusted proxies say it is (see the header comment). */
export function clientAddress(peer: string, forwardedFor: string | undefined, trusted: BlockList | null): string {
  let client = unmapped(peer);
  if (!trusted || !forwardedFor || !isTrusted(trusted, client)) return client;
  const hops = forwardedFor.split(',').map((s) => unmapped(s.trim()));
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (isIP(hop) === 0) break; // garbage (or an obfuscated `unknown`): stop at the last address we can trust
    client = hop;
    if (!isTrusted(trusted, hop)) break;
  }
  return client;
}

/** The key per-address limits count under: IPv4 as it is, IPv6 by its /64. */
export function addressKey(address: string): string {
  const ip = unmapped(address);
  if (isIP(ip) !== 6) return ip;
  return `${expandIpv6(ip).slice(0, 4).join(':')}::/64`;
}

function isTrusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/** `::ffff:1.2.3.4` (an IPv4 client on a dual-stack socket) is 1.2.3.4. */
function unmapped(address: string): string {
  const lower = address.toLowerCase();
  return lower.startsWith('::ffff:') && isIP(lower.slice(7)) === 4 ? lower.slice(7) : lower;
}

/** Eight hextets without leading zeros, `::` expanded. */
function expandIpv6(address: string): string[] {
  const withoutZone = address.split('%')[0]!;
  const [head, tail] = withoutZone.includes('::') ? withoutZone.split('::') as [string, string] : [withoutZone, null];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  // An embedded IPv4 tail (`::1.2.3.4`) counts as two hextets.
  const v4 = (parts: string[]) => parts.flatMap((p) => (p.includes('.') ? ipv4Hextets(p) : [p]));
  const l = v4(left);
  const r = v4(right);
  const middle = tail === null ? [] : Array(Math.max(0, 8 - l.length - r.length)).fill('0');
  return [...l, ...middle, ...r].map((h) => (parseInt(h, 16) || 0).toString(16));
}

function ipv4Hextets(v4: string): string[] {
  const [a, b, c, d] = v4.split('.').map(Number) as [number, number, number, number];
  return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
}
