import { realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLocalLanguageTools, underSystemDir } from './local-language-tools';

describe('local language tools', () => {
  it('knows which folders every sandbox binds anyway', () => {
    expect(underSystemDir('/usr/bin/node')).toBe(true);
    expect(underSystemDir('/opt/node/bin/node')).toBe(true);
    expect(underSystemDir('/usr2/node')).toBe(false);
    expect(underSystemDir('/root/.nvm/versions/node/v20/bin/node')).toBe(false);
  });

  it('starts pyright with this node from the package, whose folder the sandbox binds', async () => {
    const { tools, readOnly } = await findLocalLanguageTools({ otherUid: false });
    const node = realpathSync(process.execPath);
    expect(tools.pyright).toEqual([node, expect.stringMatching(/\/pyright\/langserver\.index\.js$/), '--stdio']);
    expect(readOnly).toContain(dirname(tools.pyright![1]!));
    if (!underSystemDir(node)) expect(readOnly).toContain(dirname(node));
  });

  it('says ruff is missing where no system folder of the sandbox\'s PATH has it', async () => {
    const { tools } = await findLocalLanguageTools({ otherUid: false });
    expect(tools.ruff === null).toBe(tools.missing.some((m) => /^ruff is not installed.*: no formatting or lint fixes$/.test(m)));
  });
});
