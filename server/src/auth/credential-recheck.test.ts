import { CloseCode } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import type { AuthUser, Credentials } from '../context';
import { recheckCredentials, type CredentialHolder } from './credential-recheck';

const user = (id: string): AuthUser => ({ id, username: id, email: `${id}@example.com`, reviewerLevel: 0, via: 'token' });

function holder(userId: string, credentials: Credentials, closed = false) {
  const h = { userId, credentials, closed, closes: [] as number[], close(code: number) { h.closes.push(code); h.closed = true; } };
  return h satisfies CredentialHolder;
}

describe('recheckCredentials', () => {
  it('closes with 4401 the sockets whose credentials no longer name their user, and keeps the rest', async () => {
    const valid = new Map([['tdm_kept', 'ada'], ['cookie=kept', 'ada']]);
    const lookups: Credentials[] = [];
    const auth = {
      authenticate: async (c: Credentials) => {
        lookups.push(c);
        const id = valid.get(c.token ?? c.cookie ?? '');
        return id ? user(id) : null;
      },
    };
    const revoked = [holder('ada', { token: 'tdm_gone' }), holder('ada', { token: 'tdm_gone' })];
    const kept = [holder('ada', { token: 'tdm_kept' }), holder('ada', { cookie: 'cookie=kept' })];
    const already = holder('ada', { token: 'tdm_gone' }, true);
    expect(await recheckCredentials(auth, [...revoked, ...kept, already])).toBe(2);
    expect(revoked.map((h) => h.closes)).toEqual([[CloseCode.UNAUTHENTICATED], [CloseCode.UNAUTHENTICATED]]);
    expect(kept.map((h) => h.closes)).toEqual([[], []]);
    expect(already.closes).toEqual([]);
    // One lookup per distinct credential.
    expect(lookups).toHaveLength(3);
  });

  it('closes a socket whose credentials now name someone else, and fails closed when the lookup fails', async () => {
    const other = holder('ada', { token: 'tdm_x' });
    expect(await recheckCredentials({ authenticate: async () => user('bob') }, [other])).toBe(1);
    expect(other.closes).toEqual([CloseCode.UNAUTHENTICATED]);
    const failed = holder('ada', { token: 'tdm_x' });
    await recheckCredentials({ authenticate: async () => { throw new Error('database away'); } }, [failed]);
    expect(failed.closes).toEqual([CloseCode.INTERNAL]);
  });
});
