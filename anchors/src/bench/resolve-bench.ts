/**
 * `npm run bench:anchors`: resolving comment anchors, the figure issue 11 states —
 * 1,000 anchors in a 10,000-line file under 5 ms — on a document that was really
 * edited (typed line by line, then thousands of scattered edits by three clients), so
 * its text is split into many items as a long-lived file's is. Prints p50/p95/p99 of
 * one `resolveAnchors` call (all 1,000 at once, text included), next to the naive way:
 * one Yjs `createAbsolutePositionFromRelativePosition` per position.
 */
import * as Y from 'yjs';
import { createAnchor } from '../anchor';
import { resolveAnchors } from '../resolve-anchors';
import { seededRandom } from '../testing/seeded-random';

const LINES = 10_000;
const ANCHORS = 1_000;
const EDITS = 5_000;
const RUNS = 200;

function editedDocument(): { doc: Y.Doc; text: Y.Text } {
  const random = seededRandom(11);
  const doc = new Y.Doc();
  const text = doc.getText('content');
  // Typed a line at a time, by three people, so lines are separate items.
  for (let i = 0; i < LINES; i++) {
    doc.clientID = 1 + (i % 3);
    text.insert(text.length, `    value_${i} = compute(${i}, other_${i % 97})  # line ${i}\n`);
  }
  for (let i = 0; i < EDITS; i++) {
    doc.clientID = 1 + (i % 3);
    const at = random.int(text.length);
    if (random.chance(0.5)) text.insert(at, 'x');
    else text.delete(at, 1);
  }
  return { doc, text };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function time(run: () => void): number[] {
  for (let i = 0; i < 20; i++) run(); // warm up the JIT
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    run();
    samples.push(performance.now() - started);
  }
  return samples.sort((a, b) => a - b);
}

const { doc, text } = editedDocument();
const random = seededRandom(12);
const anchors = Array.from({ length: ANCHORS }, () => {
  const from = random.int(text.length - 200);
  return createAnchor(text, from, from + 1 + random.int(150));
});
let items = 0;
for (let n = text._start; n; n = n.right) items++;

const ours = time(() => void resolveAnchors(text, anchors, { synced: true }));
const naive = time(() => {
  for (const a of anchors) {
    Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(a.start), doc, false);
    Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(a.end), doc, false);
  }
});
const row = (name: string, s: number[]) => `${name.padEnd(44)} ${[50, 95, 99].map((p) => `${percentile(s, p).toFixed(2).padStart(7)} ms`).join('')}`;
console.log(`anchors bench: ${LINES} lines (${text.length} chars, ${items} items after ${EDITS} edits), ${ANCHORS} anchors, ${RUNS} runs, node ${process.version}`);
console.log(`${''.padEnd(44)} ${['p50', 'p95', 'p99'].map((h) => h.padStart(10)).join('')}`);
console.log(row('resolveAnchors (one walk, all anchors)', ours));
console.log(row('Yjs createAbsolutePosition... per position', naive));
const target = percentile(ours, 99) < 5;
console.log(`target (issue 11): 1,000 anchors in a 10,000-line file under 5 ms: ${target ? 'met' : 'NOT met'} (p99 ${percentile(ours, 99).toFixed(2)} ms)`);
process.exit(target ? 0 : 1);
