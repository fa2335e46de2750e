/**
 * What the language server answers, turned into what an editor gets (pure): ranges in
 * the asked file become relative positions (`RangeMapper.rel`), places in other files
 * locations, documentation markdown. A language server is hostile input like any
 * other: every field is checked before use, lists are capped, and what does not
 * have the expected shape is left out rather than passed on.
 */
import type { CompletionItem, DocumentSymbol, LanguageResults, Location, RelRange, RelTextEdit } from '@tandem/protocol';
import { isLspRange, type LspRange } from './text-positions';

export const MAX_COMPLETION_ITEMS = 1000;
export const MAX_LOCATIONS = 1000;
export const MAX_SYMBOLS = 5000;
const MAX_TEXT = 64 * 1024;

export interface RangeMapper {
  /** A range of the asked file, as the language server saw it, placed in the current text; null when it cannot be. */
  rel(range: LspRange): RelRange | null;
  /** A place in any file; null when the URI names nothing a client may open. */
  location(uri: unknown, range: LspRange): Location | null;
}

type Loose = Record<string, unknown>;
const obj = (value: unknown): Loose | null => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Loose) : null);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value.slice(0, MAX_TEXT) : undefined);
const int = (value: unknown): number | undefined => (Number.isInteger(value) ? (value as number) : undefined);
const defined = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

/** MarkupContent, a MarkedString, or a list of them, as markdown. */
export function markdownOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.slice(0, MAX_TEXT);
  if (Array.isArray(value)) {
    const parts = value.map(markdownOf).filter((part): part is string => part !== undefined && part !== '');
    return parts.length > 0 ? parts.join('\n\n---\n\n').slice(0, MAX_TEXT) : undefined;
  }
  const o = obj(value);
  if (!o) return undefined;
  if (typeof o.kind === 'string' && typeof o.value === 'string') return o.value.slice(0, MAX_TEXT);
  if (typeof o.language === 'string' && typeof o.value === 'string') return `\`\`\`${o.language}\n${o.value}\n\`\`\``.slice(0, MAX_TEXT);
  return undefined;
}

export function relTextEdits(edits: unknown, mapper: RangeMapper): RelTextEdit[] {
  if (!Array.isArray(edits)) return [];
  const out: RelTextEdit[] = [];
  for (const edit of edits.slice(0, MAX_COMPLETION_ITEMS)) {
    const e = obj(edit);
    if (!e || !isLspRange(e.range) || typeof e.newText !== 'string') continue;
    const range = mapper.rel(e.range);
    if (range) out.push({ ...range, text: e.newText });
  }
  return out;
}

export function completionResult(result: unknown, mapper: RangeMapper): LanguageResults['completion'] {
  const list = Array.isArray(result) ? { items: result, isIncomplete: false } : obj(result);
  const items = Array.isArray(list?.items) ? list.items : [];
  const mapped: CompletionItem[] = [];
  for (const raw of items.slice(0, MAX_COMPLETION_ITEMS)) {
    const item = completionItem(raw, mapper);
    if (item) mapped.push(item);
  }
  return { isIncomplete: list?.isIncomplete === true || items.length > MAX_COMPLETION_ITEMS, items: mapped };
}

export function completionItem(raw: unknown, mapper: RangeMapper): CompletionItem | null {
  const item = obj(raw);
  const label = str(item?.label);
  if (!item || label === undefined) return null;
  const textEdit = obj(item.textEdit);
  // A TextEdit has `range`; an InsertReplaceEdit `insert` and `replace` (the word as typed so far is replaced).
  const editRange = textEdit ? (isLspRange(textEdit.range) ? textEdit.range : isLspRange(textEdit.replace) ? textEdit.replace : null) : null;
  const additional = relTextEdits(item.additionalTextEdits, mapper);
  return defined({
    label,
    kind: int(item.kind),
    detail: str(item.detail),
    documentation: markdownOf(item.documentation),
    insertText: str(textEdit?.newText) ?? str(item.insertText) ?? label,
    snippet: item.insertTextFormat === 2 ? true : undefined,
    filterText: str(item.filterText),
    sortText: str(item.sortText),
    range: editRange ? (mapper.rel(editRange) ?? undefined) : undefined,
    additionalTextEdits: additional.length > 0 ? additional : undefined,
  });
}

export function hoverResult(result: unknown, mapper: RangeMapper): LanguageResults['hover'] {
  const hover = obj(result);
  const contents = markdownOf(hover?.contents);
  if (!hover || !contents) return null;
  const range = isLspRange(hover.range) ? mapper.rel(hover.range) : null;
  return range ? { contents, range } : { contents };
}

export function signatureHelpResult(result: unknown): LanguageResults['signatureHelp'] {
  const help = obj(result);
  if (!help || !Array.isArray(help.signatures)) return null;
  const signatures = help.signatures.slice(0, 32).flatMap((raw) => {
    const signature = obj(raw);
    const label = str(signature?.label);
    if (!signature || label === undefined) return [];
    const parameters = Array.isArray(signature.parameters)
      ? signature.parameters.slice(0, 64).flatMap((rawParameter) => {
          const parameter = obj(rawParameter);
          const plabel = parameter?.label;
          const okLabel = typeof plabel === 'string' ? plabel : Array.isArray(plabel) && plabel.length === 2 && plabel.every(Number.isInteger) ? (plabel as [number, number]) : undefined;
          return okLabel === undefined ? [] : [defined({ label: okLabel, documentation: markdownOf(parameter?.documentation) })];
        })
      : undefined;
    return [defined({ label, documentation: markdownOf(signature.documentation), parameters, activeParameter: int(signature.activeParameter) })];
  });
  if (signatures.length === 0) return null;
  return defined({ signatures, activeSignature: int(help.activeSignature), activeParameter: int(help.activeParameter) });
}

/** Location, Location[] or LocationLink[], as locations. */
export function locationsResult(result: unknown, mapper: RangeMapper): Location[] {
  const list = Array.isArray(result) ? result : result ? [result] : [];
  const out: Location[] = [];
  for (const raw of list.slice(0, MAX_LOCATIONS)) {
    const entry = obj(raw);
    if (!entry) continue;
    const uri = entry.uri ?? entry.targetUri;
    const range = isLspRange(entry.targetSelectionRange) ? entry.targetSelectionRange : isLspRange(entry.range) ? entry.range : isLspRange(entry.targetRange) ? entry.targetRange : null;
    if (!range) continue;
    const location = mapper.location(uri, range);
    if (location) out.push(location);
  }
  return out;
}

const lineRange = (range: LspRange) => ({ line: range.start.line, character: range.start.character, endLine: range.end.line, endCharacter: range.end.character });

/** DocumentSymbol[] (a tree) or SymbolInformation[] (flat), as a tree of line ranges. */
export function documentSymbolResult(result: unknown): DocumentSymbol[] {
  if (!Array.isArray(result)) return [];
  let budget = MAX_SYMBOLS;
  const walk = (list: unknown[], depth: number): DocumentSymbol[] => {
    const out: DocumentSymbol[] = [];
    for (const raw of list) {
      if (budget <= 0 || depth > 32) break;
      const symbol = obj(raw);
      const name = str(symbol?.name);
      const kind = int(symbol?.kind);
      const range = isLspRange(symbol?.selectionRange) ? symbol.selectionRange : isLspRange(symbol?.range) ? symbol.range : isLspRange(obj(symbol?.location)?.range) ? (obj(symbol?.location)!.range as LspRange) : null;
      if (!symbol || name === undefined || kind === undefined || !range) continue;
      budget--;
      const children = Array.isArray(symbol.children) ? walk(symbol.children, depth + 1) : undefined;
      out.push(defined({ name, kind, detail: str(symbol.detail), ...lineRange(range), children: children && children.length > 0 ? children : undefined }));
    }
    return out;
  };
  return walk(result, 0);
}
