// docs/protocols.md gives each rule an id in bold (PREFIX-n); a test names the rules it
// checks at the start of its name, ids then a colon. This holds the two together, reading
// both as text: every id is defined once, every id is cited by some test or listed under
// "Rules not yet covered by a test" (and not both), and no test cites an id the page lacks.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const PACKAGES = ['protocol', 'persistence', 'executor', 'server', 'load-tests', 'web'];
const UNCOVERED_HEADING = '## Rules not yet covered by a test';
const SELF = relative(ROOT, new URL(import.meta.url).pathname);

const spec = readFileSync(join(ROOT, 'docs', 'protocols.md'), 'utf8');
const headingAt = spec.indexOf(`\n${UNCOVERED_HEADING}\n`);
const rules = headingAt < 0 ? spec : spec.slice(0, headingAt);
const uncoveredSection = headingAt < 0 ? '' : spec.slice(headingAt);

/** Every id defined in bold, in order, repeats included. */
const defined = [...rules.matchAll(/\*\*([A-Z]+-\d+)\*\*/g)].map((m) => m[1]!);
/** The ids listed as not yet covered: list items that start with one in backticks. */
const uncovered = [...uncoveredSection.matchAll(/^- `([A-Z]+-\d+)`/gm)].map((m) => m[1]!);

/** Test sources (and the shared contract suites), relative to the repository root. */
function testFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : testFiles(path);
    return /\.(test|contract)\.ts$/.test(entry.name) && path !== SELF ? [path] : [];
  });
}

/**
 * The ids cited by the test names of one source: a string that opens with ids and a colon,
 * as the first argument of `it`, `test` or `describe` (with any modifiers), or of the
 * function `it.each(...)` and the like return.
 */
function citations(source: string): string[] {
  const name = /(?:\b(?:it|test|describe)(?:\.\w+)*|\))\(\s*['"`]((?:[A-Z]+-\d+)(?:, [A-Z]+-\d+)*): /g;
  return [...source.matchAll(name)].flatMap((m) => m[1]!.split(', '));
}

const files = PACKAGES.flatMap((pkg) => testFiles(join(pkg, 'src')));
/** Cited id → the files whose tests cite it. */
const cited = new Map<string, string[]>();
for (const file of files) {
  for (const id of new Set(citations(readFileSync(join(ROOT, file), 'utf8')))) cited.set(id, [...(cited.get(id) ?? []), file]);
}

describe('the rules of docs/protocols.md', () => {
  it('are there to check, and so are the tests', () => {
    expect(headingAt, `docs/protocols.md has no "${UNCOVERED_HEADING}" section`).toBeGreaterThan(0);
    expect(defined.length).toBeGreaterThan(50);
    expect(files.length).toBeGreaterThan(100);
    expect(cited.size).toBeGreaterThan(0);
  });

  it('each have an id of their own', () => {
    expect(defined.filter((id, i) => defined.indexOf(id) !== i), 'ids defined more than once').toEqual([]);
  });

  it('are each cited by the name of a test, or listed as not yet covered', () => {
    expect(defined.filter((id) => !cited.has(id) && !uncovered.includes(id)), 'ids no test cites').toEqual([]);
  });

  it('list as not yet covered only rules that exist, once each, and that no test cites yet', () => {
    expect(uncovered.filter((id) => !defined.includes(id)), 'listed but not defined').toEqual([]);
    expect(uncovered.filter((id, i) => uncovered.indexOf(id) !== i), 'listed twice').toEqual([]);
    expect(
      uncovered.filter((id) => cited.has(id)).map((id) => `${id} (cited in ${cited.get(id)!.join(', ')})`),
      'cited now: take them off the list',
    ).toEqual([]);
  });

  it('are the only ids test names cite', () => {
    const unknown = [...cited].filter(([id]) => !defined.includes(id)).map(([id, where]) => `${id} (${where.join(', ')})`);
    expect(unknown, 'ids cited by tests that docs/protocols.md does not define').toEqual([]);
  });
});
