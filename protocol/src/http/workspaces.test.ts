import { describe, expect, it } from 'vitest';
import { createWorkspaceBodySchema, DEFAULT_LANGUAGE, LANGUAGES, renameWorkspaceBodySchema } from './workspaces';

describe('createWorkspaceBodySchema', () => {
  it('trims the name and defaults the language to python', () => {
    expect(createWorkspaceBodySchema.parse({ name: '  demo ' })).toEqual({ name: 'demo', language: DEFAULT_LANGUAGE });
    expect(DEFAULT_LANGUAGE).toBe('python');
  });

  it('takes every language the server has a starter for, and no other', () => {
    for (const language of LANGUAGES) expect(createWorkspaceBodySchema.parse({ name: 'w', language }).language).toBe(language);
    expect(createWorkspaceBodySchema.safeParse({ name: 'w', language: 'cobol' }).success).toBe(false);
  });

  it('takes names of 1 to 100 characters, with the messages the API answers', () => {
    expect(createWorkspaceBodySchema.safeParse({ name: 'x'.repeat(100) }).success).toBe(true);
    const messages = (body: unknown) => {
      const result = renameWorkspaceBodySchema.safeParse(body);
      return result.success ? [] : result.error.issues.map((i) => i.message);
    };
    expect(messages({ name: ' ' })).toEqual(['A workspace name cannot be empty']);
    expect(messages({ name: 'x'.repeat(101) })).toEqual(['A workspace name is at most 100 characters']);
    expect(messages({})).toEqual(['Required']);
  });
});
