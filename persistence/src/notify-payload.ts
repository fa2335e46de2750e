/**
 * The payload of the update-log notifications (channel `tandem_updates`): which log
 * rows one replica just committed, so the other replicas can fetch exactly those.
 * Pure: no database here. The notifying INSERT (notify-sql.ts) builds the same text
 * in SQL; `encodeUpdateNotices` is the reference it is tested against.
 *
 *   1;<replicaId>;<base>;<itemId>=<runs>;<itemId>=<runs>...
 *
 * - `1`: format version. An unknown version or malformed text decodes to an error,
 *   and the listener then re-reads every loaded document rather than guess.
 * - `<base>`: the lowest seq of the whole batch, decimal.
 * - `<runs>`: comma-separated runs of consecutive seqs of that item, as hexadecimal
 *   offsets from `base`: `a` is the one seq base+a, `a-b` is base+a ... base+b.
 *   One keystroke burst into one document is one run, however long.
 *
 * PostgreSQL refuses payloads of 8000 bytes or more, so a large batch is split into
 * several notifications (each with the same header). An item's runs may continue in
 * the next one. Entries are ordered by item id, runs by seq.
 */

export const UPDATE_CHANNEL = 'tandem_updates';

/** Replica ids travel inside the payload: a short, separator-free token. */
export const REPLICA_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Cut into a new notification once the entries reach this many characters. Every
 * part is ASCII and no item header exceeds 38 characters, so a notification stays
 * below budget + one run + two item headers + the header: < 7,300 of PostgreSQL's 8,000 bytes.
 */
export const PAYLOAD_BUDGET = 7000;

/** What one item header costs the budget (`<uuid>=` plus the `;` before it). */
const ITEM_COST = 38;

export interface ItemSeqs {
  itemId: string;
  /** Ascending. */
  seqs: bigint[];
}

export interface UpdateNotice {
  replicaId: string;
  items: ItemSeqs[];
}

export interface NoticeError {
  error: string;
}

export interface CommittedRow {
  itemId: string;
  seq: bigint;
}

/** The notifications for one committed batch, as the notifying INSERT sends them. */
export function encodeUpdateNotices(replicaId: string, rows: readonly CommittedRow[], budget = PAYLOAD_BUDGET): string[] {
  if (rows.length === 0) return [];
  let base = rows[0]!.seq;
  for (const row of rows) if (row.seq < base) base = row.seq;
  const byItem = new Map<string, bigint[]>();
  for (const { itemId, seq } of rows) {
    const id = itemId.toLowerCase();
    const seqs = byItem.get(id) ?? [];
    if (seqs.length === 0) byItem.set(id, seqs);
    seqs.push(seq);
  }
  const header = `1;${replicaId};${base};`;
  const payloads: string[] = [];
  let entries: string[] = [];
  let chunk = 0;
  let cost = 0;
  for (const itemId of [...byItem.keys()].sort()) {
    let runs: string[] = [];
    let opens = true;
    for (const [first, last] of runsOf(byItem.get(itemId)!.sort(compareBigint))) {
      const run = first === last ? hex(first - base) : `${hex(first - base)}-${hex(last - base)}`;
      cost += run.length + 1 + (opens ? ITEM_COST : 0);
      opens = false;
      const runChunk = Math.floor(cost / budget);
      if (runChunk !== chunk) {
        if (runs.length > 0) entries.push(`${itemId}=${runs.join(',')}`);
        if (entries.length > 0) payloads.push(header + entries.join(';'));
        entries = [];
        runs = [];
        chunk = runChunk;
      }
      runs.push(run);
    }
    if (runs.length > 0) entries.push(`${itemId}=${runs.join(',')}`);
  }
  if (entries.length > 0) payloads.push(header + entries.join(';'));
  return payloads;
}

export function decodeUpdateNotice(payload: string): UpdateNotice | NoticeError {
  const parts = payload.split(';');
  if (parts[0] !== '1') return { error: `unknown notification format ${JSON.stringify(parts[0]?.slice(0, 8))}` };
  if (parts.length < 4) return { error: 'truncated notification' };
  const [, replicaId, baseText, ...entries] = parts as [string, string, string, ...string[]];
  if (!REPLICA_ID_PATTERN.test(replicaId)) return { error: 'malformed replica id' };
  if (!/^[0-9]{1,19}$/.test(baseText)) return { error: 'malformed base seq' };
  const base = BigInt(baseText);
  const items: ItemSeqs[] = [];
  for (const entry of entries) {
    const match = ENTRY.exec(entry);
    if (!match) return { error: 'malformed entry' };
    const seqs: bigint[] = [];
    for (const run of match[2]!.split(',')) {
      const [first, last] = run.split('-').map((h) => base + BigInt(`0x${h}`)) as [bigint, bigint | undefined];
      if (last === undefined) seqs.push(first);
      else if (last < first || last - first > MAX_RUN) return { error: 'malformed run' };
      else for (let seq = first; seq <= last; seq++) seqs.push(seq);
    }
    items.push({ itemId: match[1]!, seqs });
  }
  return { replicaId, items };
}

export function isNoticeError(value: UpdateNotice | NoticeError): value is NoticeError {
  return 'error' in value;
}

const ENTRY = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})=((?:[0-9a-f]{1,16}(?:-[0-9a-f]{1,16})?)(?:,[0-9a-f]{1,16}(?:-[0-9a-f]{1,16})?)*)$/;

/** A run longer than a batch can be is garbage, not a reason to allocate millions of seqs. */
const MAX_RUN = 1_000_000n;

/** Runs of consecutive seqs (the SQL's "seq minus rank" islands); seqs are unique, so n, n+1 of one item have nothing between them. */
function* runsOf(seqs: bigint[]): Generator<[bigint, bigint]> {
  let first = seqs[0]!;
  let last = first;
  for (let i = 1; i < seqs.length; i++) {
    const seq = seqs[i]!;
    if (seq === last + 1n) {
      last = seq;
      continue;
    }
    yield [first, last];
    first = last = seq;
  }
  yield [first, last];
}

const hex = (n: bigint) => n.toString(16);
const compareBigint = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);
