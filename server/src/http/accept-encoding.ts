/**
 * Which precompressed variant of a static file to send, from the request's
 * Accept-Encoding (RFC 9110 §12.5.3). Pure.
 *
 * Of the codings we hold (brotli, gzip) the client's highest q wins, brotli on a tie (it
 * is smaller); q=0 means "not this one", also through `*;q=0`. Identity is the fallback
 * when no held coding is acceptable: we never answer 406, since every client can read the
 * plain file (a client that refuses identity too still gets bytes it can ask again for).
 */
export type Coding = 'br' | 'gzip';

/** In order of preference on equal q. */
const HELD: readonly Coding[] = ['br', 'gzip'];

/** q for each coding named in the header (lower-case; `x-gzip` counts as gzip). Malformed q values count as 1, as most servers read them. */
export function parseAcceptEncoding(header: string | undefined): Map<string, number> {
  const out = new Map<string, number>();
  if (!header) return out;
  for (const part of header.split(',')) {
    const [name, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (!name) continue;
    let q = 1;
    for (const p of params) {
      const m = /^q\s*=\s*([0-9.]+)$/.exec(p);
      if (m) {
        const v = Number(m[1]);
        if (Number.isFinite(v)) q = Math.min(1, Math.max(0, v));
      }
    }
    const coding = name === 'x-gzip' ? 'gzip' : name;
    // The same coding twice: the more restrictive reading wins.
    out.set(coding, Math.min(q, out.get(coding) ?? 1));
  }
  return out;
}

/** The coding to send, among those `available` for this file; null: send the file as it is. */
export function chooseEncoding(header: string | undefined, available: ReadonlySet<Coding>): Coding | null {
  const accepted = parseAcceptEncoding(header);
  const wildcard = accepted.get('*');
  let best: Coding | null = null;
  let bestQ = 0;
  for (const coding of HELD) {
    if (!available.has(coding)) continue;
    const q = accepted.get(coding) ?? wildcard ?? 0;
    if (q > bestQ) {
      best = coding;
      bestQ = q;
    }
  }
  return best;
}
