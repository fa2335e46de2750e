import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkUpdate, MAX_ANY_DEPTH } from './update-check';

/** Updates of every content kind Yjs writes, made by yjs itself. */
function sampleUpdates(): Uint8Array[] {
  const updates: Uint8Array[] = [];
  const doc = new Y.Doc();
  doc.on('update', (u: Uint8Array) => updates.push(u));
  const text = doc.getText('content');
  text.insert(0, 'hello wörld 🎉\n');
  text.insert(5, ' there');
  text.delete(2, 4);
  text.format(0, 3, { bold: true, color: '#f00' });
  text.insertEmbed(1, { image: 'a.png' });
  const map = doc.getMap('meta');
  map.set('n', 42);
  map.set('big', -123456789012);
  map.set('f', 1.5);
  map.set('nested', { a: [1, 'two', null, true, false, { deep: new Uint8Array([1, 2]) }] });
  map.set('bytes', new Uint8Array([0, 255]));
  map.set('sub', new Y.Map());
  const array = doc.getArray('list');
  array.insert(0, [1, 'x', { y: undefined }]);
  array.push([new Y.Text('nested text')]);
  array.delete(0, 1);
  const xml = doc.getXmlFragment('xml');
  const element = new Y.XmlElement('p');
  element.setAttribute('class', 'c');
  xml.insert(0, [element, new Y.XmlText('t'), new Y.XmlHook('hook') as unknown as Y.XmlText]);
  updates.push(Y.encodeStateAsUpdate(doc));
  return [...updates, ...typingUpdates()];
}

/** What editors send: keystrokes, deletions and a concurrent writer's edits, one update each. */
function typingUpdates(): Uint8Array[] {
  const updates: Uint8Array[] = [];
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.on('update', (u: Uint8Array) => {
    updates.push(u);
    Y.applyUpdate(b, u);
  });
  b.on('update', (u: Uint8Array, origin: unknown) => {
    if (origin !== null) return;
    updates.push(u);
  });
  const ta = a.getText('content');
  const tb = b.getText('content');
  for (const ch of 'def main():\n    print("héllo ✓ 🎉")\n') ta.insert(ta.length, ch);
  ta.delete(3, 2);
  b.transact(() => tb.insert(0, '# b was here\n'), null);
  ta.insert(10, 'x');
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
  ta.delete(0, 6);
  updates.push(Y.encodeStateAsUpdate(a));
  return updates;
}

/** A deterministic PRNG, so a failure reproduces. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function yjsReads(update: Uint8Array, base?: Uint8Array): boolean {
  const doc = new Y.Doc();
  if (base) Y.applyUpdate(doc, base);
  try {
    Y.applyUpdate(doc, update);
    return true;
  } catch {
    return false;
  }
}

describe('checkUpdate', () => {
  it('accepts every update yjs writes, of every content kind', () => {
    for (const update of sampleUpdates()) expect(checkUpdate(update)).toBeNull();
    expect(checkUpdate(new Uint8Array([0, 0]))).toBeNull(); // the empty update
  });

  it('CLOSE-1: names what is wrong with updates yjs cannot read', () => {
    expect(checkUpdate(new Uint8Array([]))).toBe('truncated');
    expect(checkUpdate(new Uint8Array([1, 1, 5, 0, 4, 3, 97]))).toBe('truncated');
    expect(checkUpdate(new Uint8Array([1, 1, 5, 0, 11, 1, 1, 116, 0]))).toBe('unknown-content');
    // an item whose parent is the root type "t", holding a string with a lone continuation byte
    expect(checkUpdate(new Uint8Array([1, 1, 5, 0, 4, 1, 1, 116, 1, 0x80, 0]))).toBe('bad-utf8');
    expect(checkUpdate(new Uint8Array([1, 1, 5, 0, 5, 1, 1, 116, 1, 123, 0]))).toBe('bad-json');
    expect(checkUpdate(new Uint8Array([1, 1, 5, 0, 7, 1, 1, 116, 9, 0]))).toBe('unknown-type');
    expect(checkUpdate(new Uint8Array([1, 1, 5, 0, 8, 1, 1, 116, 1, 50, 0]))).toBe('unknown-any');
    // client 5's item at clock 0 claims its own clock 3 as its origin
    expect(checkUpdate(new Uint8Array([1, 1, 5, 0, 0x84, 5, 3, 1, 97, 0]))).toBe('bad-reference');
    expect(checkUpdate(new Uint8Array([0, 1, 5, 1, 0, 0]))).toBe('empty-range');
    expect(checkUpdate(new Uint8Array([1, 1, 5, 0, 0, 255, 255, 255, 255, 255, 255, 255, 255, 255, 1, 0]))).toBe('integer-out-of-range');
  });

  it('refuses subdocuments and absurdly nested values, which a Tandem file never holds', () => {
    const doc = new Y.Doc();
    doc.getMap('m').set('doc', new Y.Doc());
    expect(checkUpdate(Y.encodeStateAsUpdate(doc))).toBe('subdocument');

    let value: unknown = 1;
    for (let i = 0; i <= MAX_ANY_DEPTH + 1; i++) value = [value];
    const deep = new Y.Doc();
    deep.getArray('a').insert(0, [value]);
    expect(checkUpdate(Y.encodeStateAsUpdate(deep))).toBe('too-deep');
  });

  it('agrees with yjs on every prefix and on thousands of mutated updates', () => {
    const random = prng(20261122);
    const samples = sampleUpdates();
    let disagreements: string[] = [];
    const compare = (bytes: Uint8Array, what: string) => {
      const accepted = checkUpdate(bytes) === null;
      // What we accept, yjs must read. (The converse may differ only by our two refusals.)
      if (accepted && !yjsReads(bytes)) disagreements.push(`${what}: accepted, yjs throws: ${Buffer.from(bytes).toString('hex')}`);
    };
    for (const [n, update] of samples.entries()) {
      for (let end = 0; end < update.length; end++) compare(update.subarray(0, end), `sample ${n} cut at ${end}`);
    }
    const rounds = Number(process.env.UPDATE_CHECK_FUZZ_ROUNDS ?? 6000);
    for (let i = 0; i < rounds; i++) {
      const source = samples[Math.floor(random() * samples.length)]!;
      const bytes = source.slice();
      const edits = 1 + Math.floor(random() * 3);
      for (let e = 0; e < edits; e++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      compare(bytes, `mutation ${i}`);
    }
    disagreements = disagreements.slice(0, 5);
    expect(disagreements).toEqual([]);
  }, 600_000);

  it('agrees with yjs on mutated keystrokes applied to a document that holds the ones before', () => {
    const random = prng(7);
    const typing = typingUpdates();
    const disagreements: string[] = [];
    const rounds = Number(process.env.UPDATE_CHECK_FUZZ_ROUNDS ?? 6000) / 2;
    for (let i = 0; i < rounds; i++) {
      const at = 1 + Math.floor(random() * (typing.length - 1));
      const base = Y.mergeUpdates(typing.slice(0, at));
      const bytes = typing[at]!.slice();
      bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      if (checkUpdate(bytes) === null && !yjsReads(bytes, base)) disagreements.push(`keystroke ${at}: ${Buffer.from(bytes).toString('hex')}`);
      if (disagreements.length >= 5) break;
    }
    expect(disagreements).toEqual([]);
  }, 600_000);
});
