/**
 * `@username` mentions in a comment body: the usernames named, lower-cased, each once,
 * in order of first appearance. A username is 3-32 of [a-z0-9_-] (registration's rule);
 * an `@` inside a word (an email address, `a@b`) is no mention. Pure.
 */

/** Mentions notified per comment: a body naming more is not a way to message everyone. */
export const MAX_MENTIONS = 20;

const MENTION = /(?<![A-Za-z0-9_.@-])@([A-Za-z0-9_-]{3,32})(?![A-Za-z0-9_-])/g;

export function mentionedUsernames(body: string): string[] {
  const seen = new Set<string>();
  for (const [, name] of body.matchAll(MENTION)) {
    seen.add(name!.toLowerCase());
    if (seen.size === MAX_MENTIONS) break;
  }
  return [...seen];
}

/** Who an edit mentions that the comment did not before (each is notified once, not on every edit). */
export function newlyMentionedUsernames(before: string, after: string): string[] {
  const earlier = new Set(mentionedUsernames(before));
  return mentionedUsernames(after).filter((name) => !earlier.has(name));
}
