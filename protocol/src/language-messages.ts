/**
 * Language intelligence on the `/ws` socket (docs/language.md), both directions.
 *
 * The server is the language server's only client. An editor says which files it
 * has open (`lang.open`, `lang.close`), asks with a position given as a Yjs
 * relative position on the file's `content` text plus the state vector it had when
 * it asked (`lang.request`), and gets the answer for itself alone (`lang.result`).
 * Diagnostics are published once per document version to every socket that has the
 * file open (`lang.diagnostics`), with ranges as relative positions, so a client
 * resolves them against its own document and they stay on their token while people
 * type. Edits a language server proposes (rename, format, code actions) are applied
 * by the server as Yjs transactions of the asking user and announced to that user
 * (`lang.applied`), who may undo them in one step (`lang.undo`).
 *
 * Positions on the wire:
 * - `Rel`: `Y.encodeRelativePosition` of a position on the file's `content` text,
 *   base64 (standard alphabet). At most MAX_REL_LENGTH characters.
 * - `LineRange`: zero-based line and UTF-16 character, as the language server
 *   protocol has them, for places in other files (definitions, references, symbols).
 *
 * Limits: MAX_STATE_VECTOR_LENGTH characters of state vector, MAX_NEW_NAME_LENGTH of
 * a rename's new name, MAX_PENDING_LANGUAGE_REQUESTS unanswered requests per socket
 * (the next is refused with `lang.result` `code: "too_many_requests"`).
 */
import { z } from 'zod';
import { uuidSchema } from './http/fields';

export const MAX_REL_LENGTH = 512;
export const MAX_STATE_VECTOR_LENGTH = 64 * 1024;
export const MAX_NEW_NAME_LENGTH = 256;
export const MAX_PENDING_LANGUAGE_REQUESTS = 16;
export const MAX_LANGUAGE_REQUEST_ID = 2 ** 31 - 1;

/** The requests an editor may make. Those marked edit change files and need the editor role. */
export const languageMethods = [
  'completion',
  'hover',
  'signatureHelp',
  'definition',
  'references',
  'documentSymbol',
  'codeAction',
  /** edit: applies the code action `actionId` from an earlier `codeAction` answer. */
  'applyCodeAction',
  /** edit */
  'rename',
  /** edit: the whole file, or the range `position`..`end`. */
  'format',
  /** The text of a library file a definition pointed to (`path` as that answer gave it), read-only. */
  'libraryFile',
] as const;
export const languageMethodSchema = z.enum(languageMethods, { message: `method must be one of ${languageMethods.join(', ')}` });
export type LanguageMethod = z.infer<typeof languageMethodSchema>;
export const EDITING_LANGUAGE_METHODS: ReadonlySet<LanguageMethod> = new Set(['applyCodeAction', 'rename', 'format']);

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const REL = `position must be a base64 relative position of at most ${MAX_REL_LENGTH} characters`;
export const relSchema = z.string({ message: REL }).min(1, REL).max(MAX_REL_LENGTH, REL).regex(BASE64, REL);
export type Rel = z.infer<typeof relSchema>;
const SV = `stateVector must be a base64 state vector of at most ${MAX_STATE_VECTOR_LENGTH} characters`;
const stateVector = z.string({ message: SV }).max(MAX_STATE_VECTOR_LENGTH, SV).regex(BASE64, SV);
const ID = `id must be an integer from 1 to ${MAX_LANGUAGE_REQUEST_ID}`;
export const languageRequestIdSchema = z.number({ message: ID }).int(ID).min(1, ID).max(MAX_LANGUAGE_REQUEST_ID, ID);

// Client → server.

/** The socket has the file open in an editor: start the language server if need be, and send its diagnostics here. */
export const langOpenSchema = z.object({ type: z.literal('lang.open'), itemId: uuidSchema });
export const langCloseSchema = z.object({ type: z.literal('lang.close'), itemId: uuidSchema });

export const langRequestSchema = z.object({
  type: z.literal('lang.request'),
  /** Chosen by the client, unique among its pending requests; echoed in `lang.result`. */
  id: languageRequestIdSchema,
  method: languageMethodSchema,
  /** The file asked about (every method but `libraryFile`). */
  itemId: uuidSchema.optional(),
  /** The cursor, or the start of a range (codeAction, range format). */
  position: relSchema.optional(),
  /** The end of a range (codeAction, range format). */
  end: relSchema.optional(),
  /** What the client's document held when it asked: the server answers once it holds at least that. */
  stateVector: stateVector.optional(),
  /** rename */
  newName: z
    .string({ message: 'newName must be a string' })
    .min(1, 'newName must not be empty')
    .max(MAX_NEW_NAME_LENGTH, `newName is at most ${MAX_NEW_NAME_LENGTH} characters`)
    .optional(),
  /** completion: the character that triggered it ("." for members). */
  triggerCharacter: z.string().max(4, 'triggerCharacter is at most 4 characters').optional(),
  /** applyCodeAction */
  actionId: z.string().max(64, 'actionId is at most 64 characters').optional(),
  /** libraryFile */
  path: z.string().max(4096, 'path is at most 4096 characters').optional(),
});

/** Gives up on a request: answered `lang.result` with `code: "cancelled"` unless its answer already went. */
export const langCancelSchema = z.object({ type: z.literal('lang.cancel'), id: languageRequestIdSchema });
/** Undoes an edit announced by `lang.applied`, in every file it changed, as one step. Only the user it was applied for. */
export const langUndoSchema = z.object({ type: z.literal('lang.undo'), editId: z.string().min(1).max(64) });

// Server → client.

export const languageStateSchema = z.enum(['stopped', 'starting', 'ready', 'restarting', 'failed', 'unavailable']);
export type LanguageState = z.infer<typeof languageStateSchema>;

/** The workspace's language servers: sent on every change to every socket that has a file open, and after `lang.open`. */
export const langStatusMessageSchema = z.object({
  type: z.literal('lang.status'),
  state: languageStateSchema,
  /** Tools that are not installed where the code runs, and what is missing without them (e.g. "ruff: formatting"). */
  missing: z.array(z.string()),
  /** Why it failed or is unavailable; what it is doing otherwise. */
  message: z.string().optional(),
});
export type LangStatusMessage = z.infer<typeof langStatusMessageSchema>;

export const relRangeSchema = z.object({ start: relSchema, end: relSchema });
export type RelRange = z.infer<typeof relRangeSchema>;
export const lineRangeSchema = z.object({
  line: z.number().int().nonnegative(),
  character: z.number().int().nonnegative(),
  endLine: z.number().int().nonnegative(),
  endCharacter: z.number().int().nonnegative(),
});
export type LineRange = z.infer<typeof lineRangeSchema>;

/** One diagnostic: where as relative positions, plus the line range it had in `version` (a fallback). */
export const diagnosticSchema = lineRangeSchema.extend({
  start: relSchema,
  end: relSchema,
  /** 1 error, 2 warning, 3 information, 4 hint (LSP DiagnosticSeverity). */
  severity: z.number().int().min(1).max(4),
  message: z.string(),
  source: z.string().optional(),
  code: z.string().optional(),
  /** 1 unnecessary (faded), 2 deprecated (struck through). */
  tags: z.array(z.number().int()).optional(),
});
export type Diagnostic = z.infer<typeof diagnosticSchema>;

export const langDiagnosticsMessageSchema = z.object({
  type: z.literal('lang.diagnostics'),
  itemId: uuidSchema,
  /** The server's version of the document the language server checked (grows with every change it was sent). */
  version: z.number().int().nonnegative(),
  diagnostics: z.array(diagnosticSchema),
});
export type LangDiagnosticsMessage = z.infer<typeof langDiagnosticsMessageSchema>;

/** A place a definition, reference or symbol points to: a workspace file (itemId) or a library file (path only, read with `libraryFile`). */
export const locationSchema = lineRangeSchema.extend({
  itemId: uuidSchema.nullable(),
  path: z.string(),
});
export type Location = z.infer<typeof locationSchema>;

export const textEditSchema = z.object({ start: relSchema, end: relSchema, text: z.string() });
export type RelTextEdit = z.infer<typeof textEditSchema>;

export const completionItemSchema = z.object({
  label: z.string(),
  /** LSP CompletionItemKind. */
  kind: z.number().int().optional(),
  detail: z.string().optional(),
  /** Markdown. */
  documentation: z.string().optional(),
  insertText: z.string(),
  /** true: `insertText` is a snippet (LSP InsertTextFormat 2). */
  snippet: z.boolean().optional(),
  filterText: z.string().optional(),
  sortText: z.string().optional(),
  /** The text the item replaces (the word being typed). */
  range: relRangeSchema.optional(),
  /** Edits elsewhere in the file made on accepting it (an auto-import). */
  additionalTextEdits: z.array(textEditSchema).optional(),
});
export type CompletionItem = z.infer<typeof completionItemSchema>;

export const documentSymbolSchema: z.ZodType<DocumentSymbol> = lineRangeSchema.extend({
  name: z.string(),
  detail: z.string().optional(),
  /** LSP SymbolKind. */
  kind: z.number().int(),
  children: z.lazy(() => z.array(documentSymbolSchema)).optional(),
});
export interface DocumentSymbol extends LineRange {
  name: string;
  detail?: string | undefined;
  kind: number;
  children?: DocumentSymbol[] | undefined;
}

/** What each method answers (`lang.result` `result`). */
export interface LanguageResults {
  completion: { isIncomplete: boolean; items: CompletionItem[] };
  hover: { contents: string; range?: RelRange } | null;
  /** As the language server protocol has it (no positions in it). */
  signatureHelp: {
    signatures: Array<{ label: string; documentation?: string; parameters?: Array<{ label: string | [number, number]; documentation?: string }>; activeParameter?: number }>;
    activeSignature?: number;
    activeParameter?: number;
  } | null;
  definition: Location[];
  references: Location[];
  documentSymbol: DocumentSymbol[];
  codeAction: { actions: Array<{ actionId: string; title: string; kind?: string; isPreferred?: boolean }> };
  applyCodeAction: AppliedEdit;
  rename: AppliedEdit;
  format: AppliedEdit;
  libraryFile: { path: string; text: string };
}
/** An edit the server applied: `editId` null when there was nothing to change. */
export interface AppliedEdit {
  editId: string | null;
  files: number;
}

/**
 * The answer to one `lang.request`, to the socket that asked only: `ok` with `result`
 * (its shape per method in `LanguageResults`), or not `ok` with `code` and `message`:
 * cancelled (by `lang.cancel`, or superseded by a newer request of the same method),
 * too_many_requests, unavailable (no language server for this file), not_editor,
 * item_not_found, stale (the client's state never reached the server in time),
 * restarted (the language server died while answering: ask again), language_server
 * (it answered with an error), not_undoable, bad_request.
 */
export const langResultMessageSchema = z.object({
  type: z.literal('lang.result'),
  id: z.number().int(),
  ok: z.boolean(),
  result: z.unknown().optional(),
  code: z.string().optional(),
  message: z.string().optional(),
});
export type LangResultMessage = z.infer<typeof langResultMessageSchema>;

/** To the user an edit was applied for: what `lang.undo` takes back. */
export const langAppliedMessageSchema = z.object({
  type: z.literal('lang.applied'),
  editId: z.string(),
  /** What asked for it: "rename", "format", or the code action's title. */
  label: z.string(),
  files: z.array(z.object({ itemId: uuidSchema, path: z.string() })),
});
export type LangAppliedMessage = z.infer<typeof langAppliedMessageSchema>;
