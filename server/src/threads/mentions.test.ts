import { describe, expect, it } from 'vitest';
import { MAX_MENTIONS, mentionedUsernames, newlyMentionedUsernames } from './mentions';

describe('mentionedUsernames', () => {
  it('finds each @username once, lower-cased, in order', () => {
    expect(mentionedUsernames('@Alice look, and @bob_2 (cc @alice).')).toEqual(['alice', 'bob_2']);
  });

  it('ignores emails, too-short names and an @ inside a word', () => {
    expect(mentionedUsernames('mail me@example.com or x@abc; @ab is short; a@bcd')).toEqual([]);
  });

  it(`stops at ${MAX_MENTIONS}`, () => {
    const body = Array.from({ length: 30 }, (_, i) => `@user${i}`).join(' ');
    expect(mentionedUsernames(body)).toHaveLength(MAX_MENTIONS);
  });
});

describe('newlyMentionedUsernames', () => {
  it('names only who the edit adds, whatever the case or order', () => {
    expect(newlyMentionedUsernames('ping @alice', 'ping @Alice and @bob, @carol')).toEqual(['bob', 'carol']);
    expect(newlyMentionedUsernames('@alice @bob', '@bob')).toEqual([]);
    expect(newlyMentionedUsernames('no one', 'no one still')).toEqual([]);
  });
});
