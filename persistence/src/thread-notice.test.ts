import { describe, expect, it } from 'vitest';
import { decodeThreadNotice, encodeThreadNotice, type ThreadNotice } from './thread-notice';

const ws = '0b5a4e1c-2d3f-4a5b-8c6d-7e8f9a0b1c2d';
const thread = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';

describe('thread notices', () => {
  it('round-trip both kinds', () => {
    for (const notice of [{ kind: 'thread', workspaceId: ws, threadId: thread }, { kind: 'deleted', workspaceId: ws, threadId: thread }] satisfies ThreadNotice[]) {
      expect(decodeThreadNotice(encodeThreadNotice(notice))).toEqual(notice);
    }
  });

  it('decode anything else to null: another version, another kind, bad ids', () => {
    expect(decodeThreadNotice(`2;thread;${ws};${thread}`)).toBeNull();
    expect(decodeThreadNotice(`1;moved;${ws};${thread}`)).toBeNull();
    expect(decodeThreadNotice(`1;thread;${ws};nope`)).toBeNull();
    expect(decodeThreadNotice(`1;thread;${ws};${thread};x`)).toBeNull();
  });
});
