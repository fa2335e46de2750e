/**
 * A language server's WorkspaceEdit, read (pure): which files, which text edits, for
 * which version, and what it asked that we do not do (creating, renaming or deleting
 * files: refused whole, since half an edit is worse than none). And each text edit
 * narrowed to what really changes (`minimalEdits`): formatters often replace a whole
 * block to change one space, which would move everyone's cursor out of it.
 */
import { diffText } from '../sync/text-diff';
import { isLspRange, type LspRange } from './text-positions';

export const MAX_EDITED_FILES = 200;
export const MAX_EDITS_PER_FILE = 10_000;

export interface FileEdits {
  uri: string;
  /** The document version the edits are for (null: the version the request was made at). */
  version: number | null;
  edits: Array<{ range: LspRange; newText: string }>;
}

export type ReadEdit = { ok: true; files: FileEdits[] } | { ok: false; reason: string };

const textEdits = (list: unknown): FileEdits['edits'] | null => {
  if (!Array.isArray(list) || list.length > MAX_EDITS_PER_FILE) return null;
  const edits: FileEdits['edits'] = [];
  for (const raw of list) {
    const edit = raw as { range?: unknown; newText?: unknown } | null;
    if (!edit || !isLspRange(edit.range) || typeof edit.newText !== 'string') return null;
    edits.push({ range: edit.range, newText: edit.newText });
  }
  return edits;
};

export function readWorkspaceEdit(value: unknown): ReadEdit {
  const edit = value as { changes?: unknown; documentChanges?: unknown } | null;
  if (!edit || typeof edit !== 'object') return { ok: true, files: [] };
  const files: FileEdits[] = [];
  if (Array.isArray(edit.documentChanges)) {
    for (const raw of edit.documentChanges) {
      const change = raw as { kind?: unknown; textDocument?: { uri?: unknown; version?: unknown }; edits?: unknown } | null;
      if (change && typeof change.kind === 'string') return { ok: false, reason: `it would ${change.kind} a file, which is not done for a language server` };
      const uri = change?.textDocument?.uri;
      const edits = textEdits(change?.edits);
      if (typeof uri !== 'string' || !edits) return { ok: false, reason: 'a malformed edit' };
      const version = change?.textDocument?.version;
      files.push({ uri, version: Number.isInteger(version) ? (version as number) : null, edits });
    }
  } else if (edit.changes && typeof edit.changes === 'object') {
    for (const [uri, list] of Object.entries(edit.changes as Record<string, unknown>)) {
      const edits = textEdits(list);
      if (!edits) return { ok: false, reason: 'a malformed edit' };
      files.push({ uri, version: null, edits });
    }
  }
  if (files.length > MAX_EDITED_FILES) return { ok: false, reason: `it changes more than ${MAX_EDITED_FILES} files` };
  return { ok: true, files };
}

/** An edit of the original text: [start, end) replaced by `text`. */
export interface OffsetEdit {
  start: number;
  end: number;
  text: string;
}

/** The edits (offsets in `text`, not overlapping) narrowed to the characters that change, in order. */
export function minimalEdits(text: string, edits: readonly OffsetEdit[]): OffsetEdit[] {
  const out: OffsetEdit[] = [];
  for (const edit of [...edits].sort((a, b) => a.start - b.start)) {
    let shift = 0;
    for (const part of diffText(text.slice(edit.start, edit.end), edit.text)) {
      const start = edit.start + part.index - shift;
      out.push({ start, end: start + part.delete, text: part.insert });
      shift += part.insert.length - part.delete;
    }
  }
  return out;
}
