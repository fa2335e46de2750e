import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_RUN_COMMANDS } from '@tandem/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { extensionOf, formatRunCommands, parseRunCommands, runCommandFor, runKeystrokes, shellQuotePath } from './run-command';

describe('runCommandFor', () => {
  it('picks the command by extension and puts the quoted path in', () => {
    expect(runCommandFor('main.py', DEFAULT_RUN_COMMANDS)).toBe(`python3 './main.py'`);
    expect(runCommandFor('src/app.JS', DEFAULT_RUN_COMMANDS)).toBe(`node './src/app.JS'`);
    expect(runCommandFor('notes.txt', DEFAULT_RUN_COMMANDS)).toBeNull();
    expect(runCommandFor('Makefile', DEFAULT_RUN_COMMANDS)).toBeNull();
    expect(runCommandFor('.bashrc', { bashrc: 'x' })).toBeNull();
    expect(runCommandFor('a.py', { py: 'python3 {file} {file}' })).toBe(`python3 './a.py' './a.py'`);
    expect(runCommandFor('a.py', { py: 'make run' })).toBe('make run');
    // Inherited names are no commands.
    expect(runCommandFor('a.constructor', {})).toBeNull();
    expect(runCommandFor('a.toString', {})).toBeNull();
  });

  it('extensions', () => {
    expect(extensionOf('a/b.c/d')).toBe('');
    expect(extensionOf('x.tar.GZ')).toBe('gz');
    expect(extensionOf('dir.d/.env')).toBe('');
  });

  it('clears the line first and ends with Enter', () => {
    expect(runKeystrokes('ls')).toBe('\x15ls\r');
  });
});

describe('shellQuotePath, as bash reads it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-quote-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const hostile = [
    'with spaces.sh',
    "it's.sh",
    'a"b.sh',
    '$(touch PWNED).sh',
    '`touch PWNED`.sh',
    '; touch PWNED;.sh',
    '-rf.sh',
    '--help.sh',
    "'$(touch PWNED)'.sh",
    '*.sh',
    '$HOME.sh',
    '!!.sh',
    'a & touch PWNED | b.sh',
    'ünïcödé ✓.sh',
    '{a,b}.sh',
    '~.sh',
  ];
  it.each(hostile)('%s names exactly that file and runs nothing else', (name) => {
    writeFileSync(join(dir, name), `printf '%s' "ran:$0"\n`);
    const out = execFileSync('bash', ['-c', `bash ${shellQuotePath(name)}`], { cwd: dir, encoding: 'utf8' });
    expect(out).toBe(`ran:./${name}`);
    expect(existsSync(join(dir, 'PWNED'))).toBe(false);
  });
});

describe('the settings text', () => {
  it('round-trips', () => {
    const text = formatRunCommands(DEFAULT_RUN_COMMANDS);
    expect(parseRunCommands(text)).toEqual({ commands: DEFAULT_RUN_COMMANDS });
    expect(parseRunCommands('.PY : python3 -u {file}\n\n rb:ruby {file}')).toEqual({ commands: { py: 'python3 -u {file}', rb: 'ruby {file}' } });
  });
  it('says which line is wrong', () => {
    expect(parseRunCommands('py: ok\nnonsense')).toEqual({ error: expect.stringContaining('Line 2') });
    expect(parseRunCommands('p y: x')).toEqual({ error: expect.stringContaining('Line 1') });
    expect(parseRunCommands('py:')).toEqual({ error: expect.stringContaining('Line 1') });
  });
});
