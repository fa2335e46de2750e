/**
 * The payload of one presence notification between replicas (presence-fanout.ts).
 * Pure. JSON, because awareness updates are small and the channel is text:
 *   {"v":1,"r":"<replica id>","u":[["<item id>","<awareness update, base64>"], ...]}
 * PostgreSQL refuses NOTIFY payloads of 8,000 bytes or more, so a batch is split into
 * payloads under MAX_PRESENCE_PAYLOAD; an update that alone would not fit is left out
 * (its client renews its state within 15 s anyway, and the next one is usually smaller).
 */
export const MAX_PRESENCE_PAYLOAD = 7_900;

export type PresenceEntry = [itemId: string, updateBase64: string];

export interface PresenceBatch {
  replicaId: string;
  entries: PresenceEntry[];
}

export function encodePresencePayloads(replicaId: string, entries: readonly PresenceEntry[]): { payloads: string[]; dropped: number } {
  const head = `{"v":1,"r":${JSON.stringify(replicaId)},"u":[`;
  const payloads: string[] = [];
  let dropped = 0;
  let body = '';
  for (const entry of entries) {
    const item = JSON.stringify(entry);
    if (head.length + item.length + 2 > MAX_PRESENCE_PAYLOAD) {
      dropped++;
      continue;
    }
    if (body && head.length + body.length + 1 + item.length + 2 > MAX_PRESENCE_PAYLOAD) {
      payloads.push(`${head}${body}]}`);
      body = '';
    }
    body = body ? `${body},${item}` : item;
  }
  if (body) payloads.push(`${head}${body}]}`);
  return { payloads, dropped };
}

/** null for anything that is not a payload of this version. */
export function decodePresencePayload(payload: string): PresenceBatch | null {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { v, r, u } = value as { v?: unknown; r?: unknown; u?: unknown };
  if (v !== 1 || typeof r !== 'string' || !Array.isArray(u)) return null;
  const entries: PresenceEntry[] = [];
  for (const entry of u) {
    if (Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string' && typeof entry[1] === 'string') {
      entries.push([entry[0], entry[1]]);
    }
  }
  return { replicaId: r, entries };
}
