import { describe, expect, it } from 'vitest';
import { MAX_COMMAND_BYTES, runBodySchema } from './run';

describe('runBodySchema', () => {
  it('takes a command of 1 byte to 64 KiB of UTF-8', () => {
    expect(runBodySchema.parse({ command: 'ls' })).toEqual({ command: 'ls' });
    expect(runBodySchema.safeParse({ command: 'x'.repeat(MAX_COMMAND_BYTES) }).success).toBe(true);
    expect(runBodySchema.safeParse({ command: '' }).success).toBe(false);
  });

  it('counts bytes, not characters', () => {
    expect(runBodySchema.safeParse({ command: 'é'.repeat(MAX_COMMAND_BYTES / 2) }).success).toBe(true);
    const result = runBodySchema.safeParse({ command: `${'é'.repeat(MAX_COMMAND_BYTES / 2)}x` });
    expect(result.success ? null : result.error.issues[0]?.message).toBe(`at most ${MAX_COMMAND_BYTES} bytes`);
  });
});
