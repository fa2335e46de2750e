import { describe, expect, it } from 'vitest';
import type { PulledChangeEntry } from '../executor';
import { applyPushToBaseline, baselineOf, isUnchangedWrite } from './baseline';
import { compileIgnoreFile } from './ignore-file';
import { diffTrees, withoutIgnored, type Tree } from './pull-diff';

const file = (content: string): PulledChangeEntry => ({ type: 'file', content, size: Buffer.byteLength(content) });
const folder: PulledChangeEntry = { type: 'folder' };
const tree = (entries: Record<string, PulledChangeEntry>): Tree => new Map(Object.entries(entries));

describe('diffTrees', () => {
  it('reports nothing when the environment holds what the server pushed', () => {
    const baseline = baselineOf([{ path: 'src/a.py', content: 'print(1)' }], 1024);
    expect(diffTrees(baseline, tree({ src: folder, 'src/a.py': file('print(1)') }))).toEqual([]);
  });

  it('reports files a command created, changed and deleted', () => {
    const baseline = tree({ 'a.py': file('1'), 'old.py': file('x'), 'gen.py': file('g') });
    const snapshot = tree({ 'a.py': file('2'), 'gen.py': file('g'), 'out.txt': file('result') });
    expect(diffTrees(baseline, snapshot)).toEqual([
      { kind: 'delete', path: 'old.py' },
      { kind: 'upsert', path: 'a.py', content: '2' },
      { kind: 'upsert', path: 'out.txt', content: 'result' },
    ]);
  });

  it('reports a new folder before its files, and only the top of a deleted subtree', () => {
    const baseline = tree({ build: folder, 'build/x': file('x'), 'build/sub': folder, 'build/sub/y': file('y') });
    const snapshot = tree({ dist: folder, 'dist/z': file('z') });
    expect(diffTrees(baseline, snapshot)).toEqual([
      { kind: 'delete', path: 'build' },
      { kind: 'mkdir', path: 'dist' },
      { kind: 'upsert', path: 'dist/z', content: 'z' },
    ]);
  });

  it('lists binary and large files without content, once', () => {
    const unloaded: PulledChangeEntry = { type: 'unloaded', size: 5000, reason: 'binary' };
    expect(diffTrees(new Map(), tree({ 'plot.png': unloaded }))).toEqual([
      { kind: 'upsert-unloaded', path: 'plot.png', size: 5000, reason: 'binary' },
    ]);
    expect(diffTrees(tree({ 'plot.png': unloaded }), tree({ 'plot.png': unloaded }))).toEqual([]);
  });

  it('does not bounce back a pushed file that is over the size cap', () => {
    const baseline = baselineOf([{ path: 'big.txt', content: 'x'.repeat(50) }], 10);
    expect(diffTrees(baseline, tree({ 'big.txt': { type: 'unloaded', size: 50, reason: 'too-large' } }))).toEqual([]);
  });

  it('leaves out installed packages and caches, on both sides', () => {
    const baseline = tree({ 'node_modules/x/index.js': file('pushed') });
    const snapshot = tree({ node_modules: folder, 'node_modules/y': file('y'), src: folder, 'src/__pycache__/a.pyc': file('c'), 'a.py': file('a') });
    expect(diffTrees(baseline, snapshot, new Set(['node_modules', '__pycache__']))).toEqual([
      { kind: 'mkdir', path: 'src' },
      { kind: 'upsert', path: 'a.py', content: 'a' },
    ]);
  });

  it('reports a file that became a folder as a delete and a new folder', () => {
    const changes = diffTrees(tree({ x: file('x') }), tree({ x: folder, 'x/y': file('y') }));
    expect(changes).toEqual([
      { kind: 'delete', path: 'x' },
      { kind: 'mkdir', path: 'x' },
      { kind: 'upsert', path: 'x/y', content: 'y' },
    ]);
  });
});

describe('diffTrees with the ignore file', () => {
  const rules = compileIgnoreFile('*.log\nout/\n');

  it('leaves out new files and folders it matches, and keeps the rest', () => {
    const snapshot = tree({ 'run.log': file('x'), out: folder, 'out/a.js': file('a'), 'src/b.log': file('b'), 'main.py': file('m') });
    expect(diffTrees(new Map(), snapshot, new Set(), rules)).toEqual([{ kind: 'upsert', path: 'main.py', content: 'm' }]);
  });

  it('does not bring back changes or deletions of matched files the workspace already holds', () => {
    const baseline = tree({ 'kept.log': file('old'), 'gone.log': file('g') });
    expect(diffTrees(baseline, tree({ 'kept.log': file('new') }), new Set(), rules)).toEqual([]);
  });

  it('brings a file back once the line that matched it is gone (the baseline leaves matched paths out)', () => {
    const snapshot = tree({ 'run.log': file('x') });
    const baseline = withoutIgnored(snapshot, rules);
    expect(diffTrees(baseline, snapshot, new Set(), compileIgnoreFile(''))).toEqual([{ kind: 'upsert', path: 'run.log', content: 'x' }]);
  });
});

describe('baseline', () => {
  it('follows pushes: deletes first, then writes with their folders', () => {
    const t = baselineOf([{ path: 'd/a.py', content: 'a' }], 1024);
    applyPushToBaseline(t, [{ kind: 'delete', path: 'd' }, { kind: 'write', path: 'e/b.py', content: 'b' }, { kind: 'mkdir', path: 'f' }], 1024);
    expect(Object.fromEntries(t)).toEqual({ e: folder, 'e/b.py': file('b'), f: folder });
    expect(isUnchangedWrite(t, 'e/b.py', 'b')).toBe(true);
    expect(isUnchangedWrite(t, 'e/b.py', 'c')).toBe(false);
  });
});
