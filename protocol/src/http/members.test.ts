import { describe, expect, it } from 'vitest';
import { addMemberBodySchema, changeRoleBodySchema } from './members';

describe('addMemberBodySchema', () => {
  it('takes a username of 1 to 64 characters and the role editor or viewer', () => {
    expect(addMemberBodySchema.parse({ username: 'ada', role: 'viewer' })).toEqual({ username: 'ada', role: 'viewer' });
    expect(addMemberBodySchema.safeParse({ username: 'a'.repeat(64), role: 'editor' }).success).toBe(true);
    expect(addMemberBodySchema.safeParse({ username: '', role: 'editor' }).success).toBe(false);
    expect(addMemberBodySchema.safeParse({ username: 'a'.repeat(65), role: 'editor' }).success).toBe(false);
  });

  it('never gives the owner role', () => {
    expect(addMemberBodySchema.safeParse({ username: 'ada', role: 'owner' }).success).toBe(false);
    expect(changeRoleBodySchema.safeParse({ role: 'owner' }).success).toBe(false);
    expect(changeRoleBodySchema.safeParse({ role: 'editor' }).success).toBe(true);
  });
});
