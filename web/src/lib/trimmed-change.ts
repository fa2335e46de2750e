/**
 * A replacement trimmed to what it really changes: the common prefix and suffix of the
 * old and the new text are left alone (never splitting a surrogate pair). A Monaco
 * change that rewrites a whole file (a paste over everything, `setValue`, a format)
 * would otherwise reach Y.Text as "delete everything, insert everything", deleting
 * every character a comment is anchored to; trimmed, unchanged code keeps its Yjs items.
 */
export interface TrimmedChange {
  /** Offset into the old text where the change starts. */
  index: number;
  delete: number;
  insert: string;
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

export function commonEnds(before: string, after: string): { prefix: number; suffix: number } {
  const shortest = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < shortest && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  if (prefix > 0 && prefix < shortest && isHigh(before.charCodeAt(prefix - 1))) prefix--;
  let suffix = 0;
  while (suffix < shortest - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  if (suffix > 0 && suffix < shortest - prefix && isLow(before.charCodeAt(before.length - suffix))) suffix--;
  return { prefix, suffix };
}

export function trimChange(before: string, after: string): TrimmedChange | null {
  if (before === after) return null;
  const { prefix, suffix } = commonEnds(before, after);
  return { index: prefix, delete: before.length - prefix - suffix, insert: after.slice(prefix, after.length - suffix) };
}
