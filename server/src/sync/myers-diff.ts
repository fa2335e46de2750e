/**
 * Myers' O(ND) difference algorithm over integer token arrays ("An O(ND) Difference
 * Algorithm and Its Variations", 1986): the shortest edit script as runs of
 * equal / deleted / inserted tokens.
 *
 * The work and the memory grow with D (the number of differing tokens): a trace of
 * the frontier is kept per step (O(D²) integers). Past `maxD` we give up and return
 * null, and the caller replaces the region wholesale: a minimal diff between two
 * texts that share nothing is not worth seconds of CPU on the event loop.
 */

export type Run = { op: 'equal' | 'delete' | 'insert'; count: number };

/** Tokens are integers (a line's id, a code point): comparing them is one machine compare. */
export function myersDiff(a: Int32Array, b: Int32Array, maxD: number): Run[] | null {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const limit = Math.min(max, maxD);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= limit; d++) {
    // The frontier before step d, trimmed to the diagonals step d reads (-d..d).
    trace.push(v.slice(offset - d, offset + d + 1));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, n, m);
    }
  }
  return null;
}

function backtrack(trace: Int32Array[], n: number, m: number): Run[] {
  const reversed: Run['op'][] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d > 0; d--) {
    // The frontier before step d, indexed from diagonal -d.
    const prev = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && prev[k - 1 + d]! < prev[k + 1 + d]!) ? k + 1 : k - 1;
    const prevX = prev[prevK + d]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      reversed.push('equal');
      x--;
      y--;
    }
    if (x === prevX) {
      reversed.push('insert');
      y--;
    } else {
      reversed.push('delete');
      x--;
    }
  }
  while (x > 0 && y > 0) {
    reversed.push('equal');
    x--;
    y--;
  }
  const runs: Run[] = [];
  for (let i = reversed.length - 1; i >= 0; i--) {
    const op = reversed[i]!;
    const last = runs[runs.length - 1];
    if (last && last.op === op) last.count++;
    else runs.push({ op, count: 1 });
  }
  return runs;
}

/** Strings as Myers tokens: equal strings get the same id, across every list given. */
export function tokenIds(...lists: ReadonlyArray<readonly string[]>): Int32Array[] {
  const ids = new Map<string, number>();
  return lists.map((list) => Int32Array.from(list, (token) => {
    let id = ids.get(token);
    if (id === undefined) ids.set(token, (id = ids.size));
    return id;
  }));
}
