/**
 * Answers of the language service (`LanguageResults`) as what Monaco's providers return.
 * Ranges in the asking file come as relative positions, resolved against this page's
 * document (so they fit the text as it is now, not as it was asked about); places in
 * other files as LSP lines and characters (zero-based), which Monaco counts from one.
 * Pure: Monaco's enums are numbers here, with their names beside them.
 */
import type { DocumentSymbol, LanguageResults, LineRange, Location } from '@tandem/protocol';
import type * as Y from 'yjs';
import type { monaco } from '../monaco';
import type { PositionAt } from './diagnostics-markers';
import { resolveRelRange } from './rel-positions';

type IRange = monaco.IRange;

/** monaco.languages.CompletionItemKind by LSP CompletionItemKind (1 Text .. 25 TypeParameter). */
const COMPLETION_KIND: Record<number, monaco.languages.CompletionItemKind> = {
  1: 18, 2: 0, 3: 1, 4: 2, 5: 3, 6: 4, 7: 5, 8: 7, 9: 8, 10: 9, 11: 12, 12: 13, 13: 15,
  14: 17, 15: 28, 16: 19, 17: 20, 18: 21, 19: 23, 20: 16, 21: 14, 22: 6, 23: 10, 24: 11, 25: 24,
};
const TEXT_KIND = 18;
/** monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet */
const AS_SNIPPET = 4;

export interface InFile {
  doc: Y.Doc;
  positionAt: PositionAt;
}

export function rangeOf(start: number, end: number, positionAt: PositionAt): IRange {
  const a = positionAt(start);
  const b = positionAt(end);
  return { startLineNumber: a.lineNumber, startColumn: a.column, endLineNumber: b.lineNumber, endColumn: b.column };
}

/** An LSP line range in Monaco's numbering. */
export function lineRange(r: LineRange): IRange {
  return { startLineNumber: r.line + 1, startColumn: r.character + 1, endLineNumber: r.endLine + 1, endColumn: r.endCharacter + 1 };
}

/**
 * `wordRange`: what the item replaces when the server named nothing, or named a range
 * Monaco would refuse (it must be on the cursor's line and start at or before it).
 */
export function completionList(result: LanguageResults['completion'], file: InFile, cursor: monaco.IPosition, wordRange: IRange): monaco.languages.CompletionList {
  const suggestions = result.items.map((item): monaco.languages.CompletionItem => {
    const own = item.range ? resolveRelRange(item.range, file.doc) : null;
    const range = own ? rangeOf(own.start, own.end, file.positionAt) : null;
    const usable = range && range.startLineNumber === cursor.lineNumber && range.endLineNumber === cursor.lineNumber && range.startColumn <= cursor.column;
    const edits = (item.additionalTextEdits ?? []).flatMap((e) => {
      const at = resolveRelRange(e, file.doc);
      return at ? [{ range: rangeOf(at.start, at.end, file.positionAt), text: e.text }] : [];
    });
    return {
      label: item.label,
      kind: (item.kind !== undefined ? COMPLETION_KIND[item.kind] : undefined) ?? TEXT_KIND,
      insertText: item.insertText,
      range: usable ? range : wordRange,
      ...(item.snippet ? { insertTextRules: AS_SNIPPET } : {}),
      ...(item.detail ? { detail: item.detail } : {}),
      ...(item.documentation ? { documentation: { value: item.documentation } } : {}),
      ...(item.filterText ? { filterText: item.filterText } : {}),
      ...(item.sortText ? { sortText: item.sortText } : {}),
      ...(edits.length ? { additionalTextEdits: edits } : {}),
    };
  });
  return { suggestions, incomplete: result.isIncomplete };
}

export function hover(result: LanguageResults['hover'], file: InFile): monaco.languages.Hover | null {
  if (!result?.contents) return null;
  const at = result.range ? resolveRelRange(result.range, file.doc) : null;
  return { contents: [{ value: result.contents }], ...(at ? { range: rangeOf(at.start, at.end, file.positionAt) } : {}) };
}

export function signatureHelp(result: LanguageResults['signatureHelp']): monaco.languages.SignatureHelpResult | null {
  if (!result || result.signatures.length === 0) return null;
  const signatures = result.signatures.map((s): monaco.languages.SignatureInformation => ({
    label: s.label,
    ...(s.documentation ? { documentation: { value: s.documentation } } : {}),
    parameters: (s.parameters ?? []).map((p) => ({ label: p.label, ...(p.documentation ? { documentation: { value: p.documentation } } : {}) })),
    ...(s.activeParameter !== undefined ? { activeParameter: s.activeParameter } : {}),
  }));
  return { value: { signatures, activeSignature: result.activeSignature ?? 0, activeParameter: result.activeParameter ?? 0 }, dispose() {} };
}

/** `uriFor`: the Monaco URI of a place (this file's model, another tab's, a library file's). */
export function locations(result: readonly Location[], uriFor: (l: Location) => monaco.Uri): monaco.languages.Location[] {
  return result.map((l) => ({ uri: uriFor(l), range: lineRange(l) }));
}

/** monaco.languages.SymbolKind counts from 0 where LSP's SymbolKind counts from 1. */
export function documentSymbols(result: readonly DocumentSymbol[]): monaco.languages.DocumentSymbol[] {
  return result.map((s) => ({
    name: s.name,
    detail: s.detail ?? '',
    kind: Math.max(0, s.kind - 1) as monaco.languages.SymbolKind,
    tags: [],
    range: lineRange(s),
    selectionRange: lineRange(s),
    ...(s.children?.length ? { children: documentSymbols(s.children) } : {}),
  }));
}

/** Each action runs `commandId` with the file and the server's action id: the server applies it (LANG-6). */
export function codeActions(result: LanguageResults['codeAction'], commandId: string, itemId: string): monaco.languages.CodeActionList {
  return {
    actions: result.actions.map((a) => ({
      title: a.title,
      ...(a.kind ? { kind: a.kind } : {}),
      ...(a.isPreferred ? { isPreferred: true } : {}),
      command: { id: commandId, title: a.title, arguments: [itemId, a.actionId] },
    })),
    dispose() {},
  };
}
