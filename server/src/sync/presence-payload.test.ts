import { describe, expect, it } from 'vitest';
import { decodePresencePayload, encodePresencePayloads, MAX_PRESENCE_PAYLOAD, type PresenceEntry } from './presence-payload';

const item = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

describe('presence payloads', () => {
  it('round-trip a batch', () => {
    const entries: PresenceEntry[] = [
      [item(1), Buffer.from([1, 2, 3]).toString('base64')],
      [item(2), Buffer.from('{"user":{"name":"ann"}}').toString('base64')],
    ];
    const { payloads, dropped } = encodePresencePayloads('replica-a', entries);
    expect(dropped).toBe(0);
    expect(payloads).toHaveLength(1);
    expect(decodePresencePayload(payloads[0]!)).toEqual({ replicaId: 'replica-a', entries });
  });

  it('split under the NOTIFY limit, in order, and leave out an update that fits no payload', () => {
    const entries: PresenceEntry[] = Array.from({ length: 200 }, (_, i) => [item(i), 'x'.repeat(200)]);
    entries.splice(50, 0, [item(999), 'y'.repeat(MAX_PRESENCE_PAYLOAD)]);
    const { payloads, dropped } = encodePresencePayloads('replica-a', entries);
    expect(dropped).toBe(1);
    expect(payloads.length).toBeGreaterThan(4);
    for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThan(MAX_PRESENCE_PAYLOAD);
    const back = payloads.flatMap((p) => decodePresencePayload(p)!.entries);
    expect(back).toEqual(entries.filter(([id]) => id !== item(999)));
  });

  it('refuse what is not a payload of this version', () => {
    for (const bad of ['', 'nope', '[]', '{"v":2,"r":"a","u":[]}', '{"v":1,"u":[]}', 'null']) {
      expect(decodePresencePayload(bad)).toBeNull();
    }
    expect(decodePresencePayload('{"v":1,"r":"a","u":[["x"],["i","b"],[1,2]]}')).toEqual({ replicaId: 'a', entries: [['i', 'b']] });
  });
});
