import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { myersDiff, tokenIds } from './myers-diff';
import { applyTextEdits, applyTextEditsToYText, diffText } from './text-diff';

const changedChars = (edits: ReturnType<typeof diffText>) => edits.reduce((n, e) => n + e.delete + e.insert.length, 0);

describe('myersDiff', () => {
  it('finds the shortest edit script', () => {
    const [a, b] = tokenIds([...'ABCABBA'], [...'CBABAC']);
    const runs = myersDiff(a!, b!, 100)!;
    const edits = runs.filter((r) => r.op !== 'equal').reduce((n, r) => n + r.count, 0);
    expect(edits).toBe(5);
  });

  it('gives up past its budget', () => {
    const [a, b] = tokenIds([...'aaaaaaaaaa'], [...'bbbbbbbbbb']);
    expect(myersDiff(a!, b!, 5)).toBeNull();
  });
});

describe('diffText', () => {
  const cases: Array<[string, string]> = [
    ['', ''],
    ['', 'hello'],
    ['hello', ''],
    ['hello world', 'hello brave world'],
    ['print("hi")\nx = 1\ny = 2\n', 'print("hi")\nx = 10\ny = 2\nz = 3\n'],
    ['a\nb\nc\nd\n', 'd\nc\nb\na\n'],
    ['emoji 😀 here', 'emoji 😁 here'],
    ['😀😀', '😀'],
    ['x😀', 'x😁y'],
    ['line\r\nother\r\n', 'line\r\nchanged\r\n'],
    ['no newline at end', 'no newline at the end\n'],
  ];
  for (const [before, after] of cases) {
    it(`turns ${JSON.stringify(before)} into ${JSON.stringify(after)}`, () => {
      const edits = diffText(before, after);
      expect(applyTextEdits(before, edits)).toBe(after);
      for (const e of edits) {
        // No edit starts or ends inside a surrogate pair.
        const text = applyTextEdits(before, edits.slice(0, edits.indexOf(e)));
        const lowAt = (i: number) => i > 0 && i < text.length && /[\udc00-\udfff]/.test(text[i]!);
        expect(lowAt(e.index)).toBe(false);
        expect(lowAt(e.index + e.delete)).toBe(false);
      }
    });
  }

  it('touches only the word that changed in a large file', () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `line ${i}: the quick brown fox\n`);
    const before = lines.join('');
    lines[1234] = 'line 1234: the quick red fox\n';
    const edits = diffText(before, lines.join(''));
    expect(applyTextEdits(before, edits)).toBe(lines.join(''));
    expect(changedChars(edits)).toBeLessThanOrEqual('brown'.length + 'red'.length);
  });

  it('changes a counter in a rewritten line character by character, as Myers would', () => {
    const line = (n: number) => `vu 3 iteration ${n} `.repeat(110);
    const edits = diffText(line(17), line(18));
    expect(applyTextEdits(line(17), edits)).toBe(line(18));
    expect(edits).toHaveLength(110);
    expect(edits.every((e) => e.delete === 1 && e.insert === '8')).toBe(true);
    // One as long but shifted: not substitutions, and still right.
    expect(applyTextEdits('abcdefgh'.repeat(8), diffText('abcdefgh'.repeat(8), 'habcdefg'.repeat(8)))).toBe('habcdefg'.repeat(8));
    expect(applyTextEdits('x😀y', diffText('x😀y', 'x😁y'))).toBe('x😁y');
  });

  it('stays correct (if not minimal) on texts that share nothing', () => {
    const rand = (seed: number, n: number) => {
      let s = seed;
      return Array.from({ length: n }, () => String.fromCharCode(97 + ((s = (s * 48271) % 2147483647) % 26))).join('');
    };
    const before = rand(1, 20_000);
    const after = rand(2, 20_000);
    expect(applyTextEdits(before, diffText(before, after))).toBe(after);
  });

  it('matches random edits (seeded)', () => {
    let s = 7;
    const r = (n: number) => (s = (s * 48271) % 2147483647) % n;
    const alphabet = 'ab\ncd😀 ';
    for (let round = 0; round < 300; round++) {
      const before = Array.from({ length: r(60) }, () => [...alphabet][r(7)]).join('');
      let after = before;
      for (let k = r(4); k >= 0; k--) {
        const at = r(after.length + 1);
        after = after.slice(0, at) + [...alphabet][r(7)] + after.slice(at + r(3));
      }
      after = after.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '');
      const edits = diffText(before, after);
      expect(applyTextEdits(before, edits)).toBe(after);
      // The same edits as one Y.Text delta give the same text.
      const doc = new Y.Doc();
      const text = doc.getText('content');
      text.insert(0, before);
      doc.transact(() => applyTextEditsToYText(text, edits));
      expect(text.toString()).toBe(after);
    }
  });
});

describe('applyTextEditsToYText', () => {
  it('keeps a concurrent edit made elsewhere in the text', () => {
    const server = new Y.Doc();
    server.getText('content').insert(0, 'def f():\n    return 1\n\nprint(f())\n');
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));

    // The client types at the end while the server replaces "1" with "42".
    client.getText('content').insert(client.getText('content').length, '# done\n');
    const ytext = server.getText('content');
    server.transact(() => applyTextEditsToYText(ytext, diffText(ytext.toString(), 'def f():\n    return 42\n\nprint(f())\n')));

    Y.applyUpdate(server, Y.encodeStateAsUpdate(client));
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    const expected = 'def f():\n    return 42\n\nprint(f())\n# done\n';
    expect(server.getText('content').toString()).toBe(expected);
    expect(client.getText('content').toString()).toBe(expected);
  });

  it('keeps a client cursor (relative position) on its character', () => {
    const doc = new Y.Doc();
    const ytext = doc.getText('content');
    ytext.insert(0, 'alpha beta gamma');
    const cursor = Y.createRelativePositionFromTypeIndex(ytext, 'alpha beta gamma'.indexOf('gamma'));
    doc.transact(() => applyTextEditsToYText(ytext, diffText(ytext.toString(), 'alpha BETA gamma')));
    const abs = Y.createAbsolutePositionFromRelativePosition(cursor, doc)!;
    expect(ytext.toString().slice(abs.index)).toBe('gamma');
  });
});
