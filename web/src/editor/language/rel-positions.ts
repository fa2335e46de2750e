/**
 * Positions on the language wire (protocol/src/language-messages.ts): a `Rel` is
 * `Y.encodeRelativePosition` of a place in the file's `content` text, in base64. A Rel
 * names the character it sits before, not an offset, so the server can resolve the
 * cursor in its own copy of the document and the client can resolve the server's
 * ranges in its own, whatever either typed meanwhile. Indexes are Y.Text indexes,
 * which are Monaco model offsets (both count UTF-16 code units; y-monaco keeps them equal).
 */
import type { RelRange } from '@tandem/protocol';
import * as Y from 'yjs';
import { base64ToBytes, bytesToBase64 } from '../../lib/base64-bytes';

/** The Rel of `index` in `text` (clamped to the text). */
export function encodeRel(text: Y.Text, index: number): string {
  const at = Math.max(0, Math.min(index, text.length));
  return bytesToBase64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, at)));
}

/**
 * The index `rel` stands for in `doc` now, or null when the doc does not hold the
 * character it names yet (an answer that overtook the sync of the edit it is about) or
 * the bytes are not a relative position.
 */
export function resolveRel(rel: string, doc: Y.Doc): number | null {
  try {
    const absolute = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(base64ToBytes(rel)), doc);
    return absolute ? absolute.index : null;
  } catch {
    return null;
  }
}

/** Both ends of a range, start ≤ end, or null when either does not resolve. */
export function resolveRelRange(range: RelRange, doc: Y.Doc): { start: number; end: number } | null {
  const start = resolveRel(range.start, doc);
  const end = resolveRel(range.end, doc);
  if (start === null || end === null) return null;
  return start <= end ? { start, end } : { start: end, end: start };
}

/** What `lang.request` carries as `stateVector`: the server answers once it holds this much. */
export function encodeStateVector(doc: Y.Doc): string {
  return bytesToBase64(Y.encodeStateVector(doc));
}
