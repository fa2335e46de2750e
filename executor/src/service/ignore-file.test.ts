import { describe, expect, it } from 'vitest';
import { compileIgnoreFile, MAX_IGNORE_LINES } from './ignore-file';

describe('compileIgnoreFile', () => {
  it('applies .gitignore syntax: globs, folders, anchors, negation, comments', () => {
    const rules = compileIgnoreFile('# build output\n*.log\n!keep.log\nbuild/\n/secret.txt\n');
    expect(rules.ignores('x.log', false)).toBe(true);
    expect(rules.ignores('src/deep/y.log', false)).toBe(true);
    expect(rules.ignores('keep.log', false)).toBe(false);
    expect(rules.ignores('build', true)).toBe(true);
    expect(rules.ignores('build/out.js', false)).toBe(true);
    expect(rules.ignores('build', false)).toBe(false); // `build/` names folders only
    expect(rules.ignores('secret.txt', false)).toBe(true);
    expect(rules.ignores('src/secret.txt', false)).toBe(false); // anchored at the root
    expect(rules.ignores('main.py', false)).toBe(false);
  });

  it('has no rules for no file, an empty file or only comments', () => {
    for (const text of [null, '', '  \n\n', '# nothing\n']) expect(compileIgnoreFile(text).empty).toBe(true);
  });

  it('never throws on odd patterns or odd paths, and the good lines still apply', () => {
    const rules = compileIgnoreFile('[z-a]\n**/**/**x\n\u0000\n[\n\\\n(\n*.tmp\n');
    for (const path of ['a', './a', '../a', '/abs', '']) expect(() => rules.ignores(path, false)).not.toThrow();
    expect(rules.ignores('a.tmp', false)).toBe(true);
    expect(rules.ignores('main.py', false)).toBe(false);
  });

  it(`reads at most ${MAX_IGNORE_LINES} lines`, () => {
    const text = `${Array.from({ length: MAX_IGNORE_LINES }, (_, i) => `f${i}`).join('\n')}\nlate.txt\n`;
    const rules = compileIgnoreFile(text);
    expect(rules.ignores('f0', false)).toBe(true);
    expect(rules.ignores('late.txt', false)).toBe(false);
  });
});
