/** Where the cursor goes after an undo or redo (pure). */

export type TextDelta = Array<{ retain?: number; insert?: unknown; delete?: number }>;

/** The offset just after the last change of a Y.Text delta: after re-inserted text, or where deleted text was; null if nothing changed. */
export function offsetAfterDelta(delta: TextDelta): number | null {
  let index = 0;
  let last: number | null = null;
  for (const op of delta) {
    if (op.retain !== undefined) index += op.retain;
    else if (op.insert !== undefined) {
      index += typeof op.insert === 'string' ? op.insert.length : 1;
      last = index;
    } else if (op.delete !== undefined) last = index;
  }
  return last;
}
