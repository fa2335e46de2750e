/**
 * Where anchors are now, and what state each is in, computed from the document alone:
 * the same on every peer and on the server, whatever order the edits arrived in.
 *
 * - `pending`: the document has not synced yet, or not yet the update that made the
 *   anchored characters (a thread can arrive before the typing it is on): never call
 *   that orphaned;
 * - `anchored`: the range resolves and reads exactly as quoted;
 * - `changed`: the range resolves but its text differs (show old and new);
 * - `orphaned`: every character it covered was deleted; `from` = `to` is where the code was;
 * - `file-level`: the positions are in no text of this document (bytes of another type,
 *   or collected). The caller also answers `file-level`, without resolving, for a thread
 *   whose file was deleted or re-created (a new item is a new document).
 *
 * Resolving follows Yjs's `createAbsolutePositionFromRelativePosition(pos, doc, false)`
 * exactly (`true` follows undo links that exist only on the client that undid, and peers
 * would disagree), but for many anchors at once: one walk of the text's items gives every
 * item's offset, then each position is a binary search in the struct store. A thousand
 * anchors in a large file cost one walk, not a thousand.
 */
import * as Y from 'yjs';
import type { Anchor } from './anchor';

export type AnchorState = 'pending' | 'anchored' | 'changed' | 'orphaned' | 'file-level';
export const ANCHOR_STATES: readonly AnchorState[] = ['pending', 'anchored', 'changed', 'orphaned', 'file-level'];

export interface Resolution {
  state: AnchorState;
  /** The range now (null when pending or file-level); equal when orphaned. */
  from: number | null;
  to: number | null;
}

/** What `resolveAnchors` needs of an anchor: its two encoded positions and its quote. */
export type AnchorRef = Pick<Anchor, 'start' | 'end' | 'quote'>;

export interface ResolveOptions {
  /** Whether the document has synced (a provider's `synced`; always true on the server). */
  synced: boolean;
  /** The document's text, if the caller already has it (saves a `toString` per call). */
  content?: string;
}

export function resolveAnchors(text: Y.Text, anchors: readonly AnchorRef[], options: ResolveOptions): Resolution[] {
  if (!options.synced) return anchors.map(() => ({ state: 'pending', from: null, to: null }));
  const doc = text.doc;
  if (!doc) throw new Error('resolveAnchors: the text is not in a document');
  const located = anchors.map((a) => [locate(doc, text, a.start), locate(doc, text, a.end)] as const);
  const offsets = itemOffsets(text, located);
  let content = options.content;
  return anchors.map((anchor, i): Resolution => {
    const [start, end] = located[i]!;
    if (start === UNKNOWN || end === UNKNOWN) return { state: 'pending', from: null, to: null };
    if (start === null || end === null) return { state: 'file-level', from: null, to: null };
    const from = indexOf(text, offsets, start);
    const to = indexOf(text, offsets, end);
    if (from >= to) return { state: 'orphaned', from: to, to };
    // Compare only the range (from its first item on), not the whole file, unless the caller has it.
    const same =
      anchor.quote.length !== to - from
        ? false
        : content !== undefined
          ? content.startsWith(anchor.quote, from)
          : start.kind === 'item'
            ? readsAs(start.item, start.diff, anchor.quote)
            : (content = text.toString()).startsWith(anchor.quote, from);
    return { state: same ? 'anchored' : 'changed', from, to };
  });
}

/** The position names a character this document has not received yet. */
const UNKNOWN = 'unknown';

/** A decoded position: at a character (its item, the offset in it) or at an end of the text itself. */
type Located = { kind: 'item'; item: Y.Item; diff: number; assoc: number } | { kind: 'type'; assoc: number };

/** Anchors do not change: each is decoded once per process. */
const decodedCache = new WeakMap<Uint8Array, Y.RelativePosition | null>();

function decode(bytes: Uint8Array): Y.RelativePosition | null {
  let pos = decodedCache.get(bytes);
  if (pos === undefined) {
    try {
      pos = Y.decodeRelativePosition(bytes);
    } catch {
      // Bytes no client could have made: not in this document, as far as anyone can tell.
      pos = null;
    }
    decodedCache.set(bytes, pos);
  }
  return pos;
}

/** Where `bytes` points in `text`: UNKNOWN if not received yet, null if in no text of ours. */
function locate(doc: Y.Doc, text: Y.Text, bytes: Uint8Array): Located | null | typeof UNKNOWN {
  const pos = decode(bytes);
  if (!pos) return null;
  if (pos.item === null) {
    // Bound to the type itself (the start of an empty text, or its end): only ours counts.
    const own = pos.tname !== null ? (doc.share.get(pos.tname) as unknown) === text : pos.type !== null && text._item !== null && Y.compareIDs(pos.type, text._item.id);
    return own ? { kind: 'type', assoc: pos.assoc } : null;
  }
  const id = pos.item;
  if (Y.getState(doc.store, id.client) <= id.clock) return UNKNOWN;
  const item = itemAt(doc, bytes, id);
  if (!(item instanceof Y.Item) || item.parent !== text) return null;
  return { kind: 'item', item, diff: id.clock - item.id.clock, assoc: pos.assoc };
}

/**
 * The struct holding `id`. The last answer per position is kept and used while it still
 * holds the clock and is still in the text (edits split items, and merge deleted ones): re-resolving after each keystroke then
 * costs no search of the struct store.
 */
const itemCache = new WeakMap<Uint8Array, { doc: Y.Doc; struct: Y.Item | Y.GC | Y.Skip }>();

function itemAt(doc: Y.Doc, bytes: Uint8Array, id: Y.ID): Y.Item | Y.GC | Y.Skip {
  const cached = itemCache.get(bytes);
  if (cached && cached.doc === doc && cached.struct instanceof Y.Item) {
    const { struct } = cached;
    // Still holding the clock (a split shortens it), and still linked (a merge unlinks the right one).
    const linked = struct.left === null ? (struct.parent as Y.Text)._start === struct : struct.left.right === struct;
    if (linked && struct.id.clock <= id.clock && id.clock < struct.id.clock + struct.length) return struct;
  }
  const struct = Y.getItem(doc.store, id) as Y.Item | Y.GC | Y.Skip;
  itemCache.set(bytes, { doc, struct });
  return struct;
}

/**
 * The offset of each located item in the text's current content (live characters to its
 * left): one walk, as far as the rightmost of them.
 */
function itemOffsets(text: Y.Text, located: ReadonlyArray<readonly [Located | null | typeof UNKNOWN, Located | null | typeof UNKNOWN]>): Map<Y.Item, number> {
  const wanted = new Set<Y.Item>();
  for (const pair of located) for (const l of pair) if (l && l !== UNKNOWN && l.kind === 'item') wanted.add(l.item);
  const offsets = new Map<Y.Item, number>();
  let offset = 0;
  for (let n = text._start; n !== null && offsets.size < wanted.size; n = n.right) {
    if (wanted.has(n)) offsets.set(n, offset);
    if (!n.deleted && n.countable) offset += n.length;
  }
  return offsets;
}

/** Yjs's absolute index (createAbsolutePositionFromRelativePosition, followUndoneDeletions = false). */
function indexOf(text: Y.Text, offsets: Map<Y.Item, number>, at: Located): number {
  if (at.kind === 'type') return at.assoc >= 0 ? text.length : 0;
  const left = offsets.get(at.item)!;
  if (at.item.deleted || !at.item.countable) return left;
  return left + at.diff + (at.assoc >= 0 ? 0 : 1);
}

/**
 * Whether the text from `diff` into `item` (or, if it is deleted, from the next live one)
 * starts with `quote`, compared piece by piece as `Y.Text.toString` would read it: no
 * string is built, and a difference stops the walk.
 */
function readsAs(item: Y.Item, diff: number, quote: string): boolean {
  let at = 0;
  let skip = item.deleted ? 0 : diff;
  for (let n: Y.Item | null = item; n !== null && at < quote.length; n = n.right) {
    if (n.deleted || !n.countable) continue;
    if (n.content instanceof Y.ContentString) {
      const piece = n.content.str;
      const take = Math.min(piece.length - skip, quote.length - at);
      if (!quote.startsWith(take === piece.length ? piece : piece.slice(skip, skip + take), at)) return false;
      at += take;
    }
    skip = 0;
  }
  return at === quote.length;
}
