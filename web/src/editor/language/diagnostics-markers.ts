/**
 * Diagnostics (`lang.diagnostics`, LANG-5) as Monaco markers. Each diagnostic's range
 * comes as two relative positions: resolved against this page's own Y.Doc, they name the
 * same characters whatever anyone typed since the language server checked, so the
 * squiggle stays on its token. diagnostics-binding.ts resolves them again on every change
 * of the text (once per animation frame). Pure: Monaco's values are numbers here.
 */
import type { Diagnostic } from '@tandem/protocol';
import type * as Y from 'yjs';
import type { monaco } from '../monaco';
import { resolveRel } from './rel-positions';

export type PositionAt = (index: number) => { lineNumber: number; column: number };

/** monaco.MarkerSeverity by LSP DiagnosticSeverity: Error 8, Warning 4, Info 2, Hint 1. */
const SEVERITY: Record<number, monaco.MarkerSeverity> = { 1: 8, 2: 4, 3: 2, 4: 1 };
/** monaco.MarkerTag by LSP DiagnosticTag: the same numbers (1 unnecessary, 2 deprecated). */
const TAGS: ReadonlySet<number> = new Set([1, 2]);

export const MARKER_OWNER = 'python';

export function diagnosticMarkers(diagnostics: readonly Diagnostic[], doc: Y.Doc, positionAt: PositionAt): monaco.editor.IMarkerData[] {
  return diagnostics.map((d) => {
    const start = resolveRel(d.start, doc);
    const end = resolveRel(d.end, doc);
    // The document does not hold those characters yet (the diagnostic overtook their
    // sync): where they were when checked, until the next change resolves them.
    const range = start !== null && end !== null
      ? spanOf(positionAt(Math.min(start, end)), positionAt(Math.max(start, end)))
      : { startLineNumber: d.line + 1, startColumn: d.character + 1, endLineNumber: d.endLine + 1, endColumn: d.endCharacter + 1 };
    const tags = d.tags?.filter((t) => TAGS.has(t)) as monaco.MarkerTag[] | undefined;
    return {
      ...range,
      severity: SEVERITY[d.severity] ?? 8,
      message: d.message,
      ...(d.source ? { source: d.source } : {}),
      ...(d.code ? { code: d.code } : {}),
      ...(tags?.length ? { tags } : {}),
    };
  });
}

function spanOf(start: { lineNumber: number; column: number }, end: { lineNumber: number; column: number }) {
  return { startLineNumber: start.lineNumber, startColumn: start.column, endLineNumber: end.lineNumber, endColumn: end.column };
}
