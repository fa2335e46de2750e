/**
 * One workspace's language intelligence: its language servers (pyright, and ruff when
 * installed), the server's own copy of every Python file (DocumentMirror, fed from
 * the live documents), and the sockets that have files open.
 *
 *   live documents ──refresh──► mirrors ──didOpen/didChange──► language servers
 *   lang.request ──wait for the asker's state──► resolve position ──► request ──► lang.result (asker only)
 *   publishDiagnostics ──map to now, relative positions──► lang.diagnostics (every socket with the file open)
 *   rename/format/code action ──WorkspaceEdit──► Yjs transactions of the asker ──► lang.applied, lang.undo
 *
 * Files nobody has open are opened too, from the stored documents, so the language
 * server sees exactly what everyone sees (up to MAX_FILES).
 */
import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import {
  EDITING_LANGUAGE_METHODS,
  MAX_PENDING_LANGUAGE_REQUESTS,
  type AppliedEdit,
  type ClientMessageOf,
  type Diagnostic,
  type LangStatusMessage,
  type LanguageMethod,
  type LanguageState,
  type Location,
  type ServerMessage,
} from '@tandem/protocol';
import type { LanguageTools, ProcessHandle } from '@tandem/executor';
import type { Documents } from '../context';
import type { Logger } from '../logger';
import { DocumentMirror, type ContentChange } from './document-mirror';
import { EditHistory, type EditPart } from './edit-history';
import { ConnectionClosedError, RpcError, type SentRequest } from './json-rpc';
import { LanguageServer, NotRunningError, type ServerState } from './language-server';
import {
  completionResult,
  documentSymbolResult,
  hoverResult,
  locationsResult,
  signatureHelpResult,
  type RangeMapper,
} from './lsp-results';
import { isPythonPath, pathToUri, uriTarget, WORKSPACE_ROOT_URI } from './lsp-uri';
import { isLspRange, type LspRange } from './text-positions';
import { minimalEdits, readWorkspaceEdit, type OffsetEdit } from './workspace-edits';

export const MAX_FILES = 1000;
/** How long a request waits for the asker's edits to reach the server. */
export const STATE_WAIT_MS = 3000;
/** How long a request waits for a starting language server. */
const READY_WAIT_MS = 60_000;
const MAX_DIAGNOSTICS = 500;
const MAX_LIBRARY_PATHS = 1000;
const MAX_ACTIONS = 100;
/** At most one look at installed packages per this long. */
const RESCAN_MS = 2000;

/** A socket of the workspace, as the language service sees it. */
export interface LanguageClient {
  readonly id: string;
  readonly userId: string;
  readonly canEdit: boolean;
  send(message: ServerMessage): boolean;
}

export interface LanguageWorkspaceDeps {
  workspaceId: string;
  documents: Pick<Documents, 'readDocument' | 'withDocument'>;
  /** The workspace's Python files (sorted, at most MAX_FILES + 1 to tell there are more). */
  pythonFiles(): Promise<Array<{ itemId: string; path: string }>>;
  tools(): Promise<LanguageTools>;
  spawn(argv: string[]): Promise<ProcessHandle>;
  /** A library file's text, read in the environment. */
  readLibraryFile(path: string): Promise<string>;
  log: Logger;
}

interface MirroredFile {
  itemId: string;
  path: string;
  uri: string;
  mirror: DocumentMirror;
  /** A refresh from the live document in progress, and whether another was asked for meanwhile. */
  refreshing: Promise<void> | null;
  again: boolean;
  /** Per language server: the diagnostics it published last (on the wire, and as it sent them). */
  diagnostics: Map<string, { version: number; items: Diagnostic[]; raw: unknown[] }>;
}

interface Pending {
  method: LanguageMethod;
  cancelled: boolean;
  lsp: SentRequest<unknown> | null;
  answer(message: ServerMessage): void;
}

interface ClientState {
  client: LanguageClient;
  open: Set<string>;
  pending: Map<number, Pending>;
  actions: Map<string, { server: LanguageServer; action: Record<string, unknown>; itemId: string; version: number }>;
  libraryPaths: Set<string>;
}

type Request = ClientMessageOf<'lang.request'>;

/** A request refused for a reason the asker is told (`lang.result` with `code`). */
class Refusal extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class LanguageWorkspace {
  private readonly files = new Map<string, MirroredFile>();
  private readonly byPath = new Map<string, string>();
  private readonly clients = new Map<string, ClientState>();
  private servers: LanguageServer[] = [];
  /** The files each language server was sent `didOpen` for since it was last ready (emptied when it is not). */
  private readonly openedBy = new Map<LanguageServer, Set<string>>();
  private pyright: LanguageServer | null = null;
  private ruff: LanguageServer | null = null;
  private state: LanguageState = 'stopped';
  private missing: string[] = [];
  private message: string | undefined;
  private starting: Promise<void> | null = null;
  private readonly history = new EditHistory();
  /** Set while a command we asked a language server to run may ask us to apply its edit. */
  private commandEdit: { client: ClientState; label: string; applied: AppliedEdit | null } | null = null;
  private truncated = false;
  private rescanTimer: NodeJS.Timeout | null = null;
  private lastRescan = 0;

  constructor(private readonly deps: LanguageWorkspaceDeps) {}

  get languageState(): LanguageState {
    return this.state;
  }

  hasOpenFiles(): boolean {
    for (const state of this.clients.values()) if (state.open.size > 0) return true;
    return false;
  }

  // ── sockets ──

  open(client: LanguageClient, itemId: string, mayStart: boolean): void {
    const state = this.clientState(client);
    state.open.add(itemId);
    client.send(this.statusMessage());
    const file = this.files.get(itemId);
    if (file) this.sendDiagnostics(file, [state]);
    if (this.state === 'stopped' && mayStart) void this.start();
  }

  close(client: LanguageClient, itemId: string): void {
    this.clients.get(client.id)?.open.delete(itemId);
  }

  /** The socket closed: its pending requests are given up. */
  leave(clientId: string): void {
    const state = this.clients.get(clientId);
    if (!state) return;
    for (const pending of state.pending.values()) {
      pending.cancelled = true;
      pending.lsp?.cancel();
    }
    this.clients.delete(clientId);
  }

  cancel(client: LanguageClient, id: number): void {
    const pending = this.clients.get(client.id)?.pending.get(id);
    if (pending) this.giveUp(pending, id, 'cancelled by the client');
  }

  async request(client: LanguageClient, request: Request, mayStart: boolean): Promise<void> {
    const state = this.clientState(client);
    const { id, method } = request;
    if (state.pending.has(id)) return void client.send(refused(id, 'bad_request', `request ${id} is still pending`));
    if (state.pending.size >= MAX_PENDING_LANGUAGE_REQUESTS) {
      return void client.send(refused(id, 'too_many_requests', `at most ${MAX_PENDING_LANGUAGE_REQUESTS} language requests may be pending`));
    }
    if (EDITING_LANGUAGE_METHODS.has(method) && !client.canEdit) return void client.send(refused(id, 'not_editor', 'Only editors may change files'));
    // A newer request of the same method makes an older one pointless (completion as you type).
    for (const [otherId, other] of state.pending) {
      if (other.method === method && !EDITING_LANGUAGE_METHODS.has(method)) this.giveUp(other, otherId, `superseded by a newer ${method} request`);
    }
    let done = false;
    const pending: Pending = {
      method,
      cancelled: false,
      lsp: null,
      answer: (message) => {
        if (done) return;
        done = true;
        state.pending.delete(id);
        client.send(message);
      },
    };
    state.pending.set(id, pending);
    try {
      if (this.state === 'stopped' && mayStart) void this.start();
      const result = await this.answer(state, request, pending);
      pending.answer({ type: 'lang.result', id, ok: true, result });
    } catch (error) {
      pending.answer(refused(id, ...refusalOf(error)));
    }
  }

  async undo(client: LanguageClient, editId: string): Promise<{ ok: true } | { ok: false; message: string }> {
    const record = this.history.take(editId, client.userId);
    if (!record) return { ok: false, message: 'That edit cannot be undone (not yours, already undone, or too old)' };
    const failed: string[] = [];
    for (const part of record.parts) {
      try {
        await this.deps.documents.withDocument(this.deps.workspaceId, part.itemId, async (live) => {
          if (live.doc !== part.doc) throw new Error('reloaded');
          await live.change({ languageUndo: editId }, () => part.manager.undo(), part.undoBytes);
        });
      } catch {
        failed.push(part.path);
      } finally {
        part.manager.destroy();
        part.release();
      }
    }
    return failed.length === 0 ? { ok: true } : { ok: false, message: `Could not undo the edit in ${failed.join(', ')}` };
  }

  // ── documents ──

  /** A document changed: bring its mirror up to date (coalesced: one refresh at a time per file). */
  documentChanged(itemId: string): void {
    const file = this.files.get(itemId);
    if (file) void this.refresh(file);
  }

  /** The tree changed: a Python file appeared, went away or moved. */
  treeChanged(change: { kind: string; item: { id: string; path: string; type: string }; oldPath?: string }): void {
    if (this.state === 'stopped') return;
    const { item } = change;
    const known = this.files.get(item.id);
    if (change.kind === 'deleted') {
      if (item.type === 'folder') {
        for (const file of [...this.files.values()]) if (file.path.startsWith(`${item.path}/`)) this.drop(file);
      } else if (known) this.drop(known);
      return;
    }
    if (change.kind === 'renamed' || change.kind === 'moved') {
      if (item.type === 'folder') {
        const oldPath = change.oldPath ?? '';
        for (const file of [...this.files.values()]) if (file.path.startsWith(`${oldPath}/`)) this.move(file, item.path + file.path.slice(oldPath.length));
      } else if (known) {
        if (isPythonPath(item.path)) this.move(known, item.path);
        else this.drop(known);
      } else if (item.type === 'file' && isPythonPath(item.path)) void this.add(item.id, item.path);
      return;
    }
    if (change.kind === 'created' && item.type === 'file' && isPythonPath(item.path) && !known) void this.add(item.id, item.path);
  }

  /**
   * Commands in the environment went quiet: they may have installed packages, which
   * the language server finds only when it looks at the interpreter's search paths
   * again, and a configuration change makes it (at most every RESCAN_MS).
   */
  commandsSettled(): void {
    if (!this.pyright || this.rescanTimer) return;
    const wait = Math.max(0, this.lastRescan + RESCAN_MS - Date.now());
    this.rescanTimer = setTimeout(() => {
      this.rescanTimer = null;
      this.lastRescan = Date.now();
      this.deps.log.debug({ workspaceId: this.deps.workspaceId }, 'language: commands went quiet; looking at installed packages again');
      for (const server of this.servers) server.notify('workspace/didChangeConfiguration', { settings: {} });
    }, wait);
    this.rescanTimer.unref();
  }

  // ── lifecycle ──

  start(): Promise<void> {
    this.starting ??= this.launch().finally(() => (this.starting = null));
    return this.starting;
  }

  /** Stops the language servers and forgets the copies (the environment stopped, or nobody has a file open). */
  stop(message?: string): void {
    if (this.rescanTimer) clearTimeout(this.rescanTimer);
    this.rescanTimer = null;
    for (const server of this.servers) server.stop();
    this.servers = [];
    this.pyright = this.ruff = null;
    this.files.clear();
    this.byPath.clear();
    this.history.clear();
    for (const state of this.clients.values()) {
      for (const [id, pending] of state.pending) this.giveUp(pending, id, 'the language server stopped', 'restarted');
      state.actions.clear();
    }
    this.setState('stopped', message);
  }

  /** Kills the language servers as a crash would (tests: they restart). */
  crashForTest(): void {
    for (const server of this.servers) server.kill();
  }

  private async launch(): Promise<void> {
    this.setState('starting');
    let tools: LanguageTools;
    try {
      tools = await this.deps.tools();
    } catch (error) {
      return this.setState('failed', `The environment could not start: ${(error as Error).message}`);
    }
    this.missing = tools.missing;
    if (!tools.pyright) return this.setState('unavailable', 'pyright is not installed where the code runs');
    try {
      const files = await this.deps.pythonFiles();
      this.truncated = files.length > MAX_FILES;
      for (const { itemId, path } of files.slice(0, MAX_FILES)) await this.add(itemId, path, false);
    } catch (error) {
      this.deps.log.warn({ err: error, workspaceId: this.deps.workspaceId }, 'language: could not read the files');
    }
    if (this.state !== 'starting') return; // stopped meanwhile
    this.pyright = this.server('pyright', tools.pyright);
    this.ruff = tools.ruff ? this.server('ruff', tools.ruff) : null;
    this.servers = [this.pyright, ...(this.ruff ? [this.ruff] : [])];
    for (const server of this.servers) server.start();
  }

  private server(name: string, argv: string[]): LanguageServer {
    const opened = new Set<string>();
    const server: LanguageServer = new LanguageServer({
      name,
      spawn: () => this.deps.spawn(argv),
      initializeParams: () => initializeParams(),
      configuration: (items) => items.map((item) => configurationFor(item)),
      applyEdit: (params) => this.applyCommandEdit(params),
      notification: (method, params) => {
        if (method === 'textDocument/publishDiagnostics') this.diagnosticsFrom(server, params);
      },
      state: (state, message) => {
        if (state !== 'ready') opened.clear();
        this.serverState(server, state, message);
      },
      ready: () => {
        for (const file of this.files.values()) {
          server.notify('textDocument/didOpen', { textDocument: { uri: file.uri, languageId: 'python', version: file.mirror.version, text: file.mirror.text } });
          opened.add(file.itemId);
        }
      },
      log: this.deps.log,
    });
    this.openedBy.set(server, opened);
    return server;
  }

  private serverState(server: LanguageServer, state: ServerState, message?: string): void {
    if (server !== this.pyright) {
      if (state === 'failed') this.missing = [...this.missing.filter((m) => !m.startsWith(`${server.name}:`)), `${server.name}: ${message ?? 'failed'}`];
      return void this.broadcast(this.statusMessage());
    }
    if (state === 'restarting') {
      for (const client of this.clients.values()) {
        for (const [id, pending] of client.pending) if (pending.lsp) this.giveUp(pending, id, 'the language server exited; ask again', 'restarted');
      }
    }
    if (state === 'stopped') return;
    this.setState(state, state === 'ready' && this.truncated ? `Only the first ${MAX_FILES} Python files are analysed` : message);
  }

  private async add(itemId: string, path: string, announce = true): Promise<void> {
    if (this.files.has(itemId) || this.files.size >= MAX_FILES) return;
    const uri = pathToUri(path);
    const file: MirroredFile = {
      itemId,
      path,
      uri,
      mirror: new DocumentMirror((version, changes) => this.changed(file, version, changes)),
      refreshing: null,
      again: false,
      diagnostics: new Map(),
    };
    this.files.set(itemId, file);
    this.byPath.set(path, itemId);
    await this.refresh(file);
    if (!announce) return;
    for (const server of this.servers) {
      if (server.state !== 'ready') continue;
      server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: file.mirror.version, text: file.mirror.text } });
      this.openedBy.get(server)?.add(itemId);
    }
  }

  private drop(file: MirroredFile): void {
    this.files.delete(file.itemId);
    this.byPath.delete(file.path);
    for (const server of this.servers) {
      if (this.openedBy.get(server)?.delete(file.itemId)) server.notify('textDocument/didClose', { textDocument: { uri: file.uri } });
    }
    this.broadcastTo(file.itemId, { type: 'lang.diagnostics', itemId: file.itemId, version: file.mirror.version, diagnostics: [] });
  }

  private move(file: MirroredFile, path: string): void {
    for (const server of this.servers) {
      if (!this.openedBy.get(server)?.has(file.itemId)) continue;
      server.notify('textDocument/didClose', { textDocument: { uri: file.uri } });
      server.notify('textDocument/didOpen', { textDocument: { uri: pathToUri(path), languageId: 'python', version: file.mirror.version, text: file.mirror.text } });
    }
    this.byPath.delete(file.path);
    file.path = path;
    file.uri = pathToUri(path);
    this.byPath.set(path, file.itemId);
  }

  private refresh(file: MirroredFile): Promise<void> {
    if (file.refreshing) {
      file.again = true;
      return file.refreshing;
    }
    const run = async (): Promise<void> => {
      do {
        file.again = false;
        try {
          const update = await this.deps.documents.readDocument(file.itemId, (doc) => Y.encodeStateAsUpdate(doc, file.mirror.stateVector()));
          if (this.files.get(file.itemId) === file) file.mirror.apply(update);
        } catch (error) {
          // Deleted meanwhile (its tree event drops it), or the database is away: the next change retries.
          this.deps.log.info({ err: error, itemId: file.itemId }, 'language: a document could not be read');
          return;
        }
      } while (file.again);
    };
    file.refreshing = run().finally(() => (file.refreshing = null));
    return file.refreshing;
  }

  private changed(file: MirroredFile, version: number, contentChanges: ContentChange[]): void {
    for (const server of this.servers) {
      if (server.state === 'ready' && this.openedBy.get(server)?.has(file.itemId)) {
        server.notify('textDocument/didChange', { textDocument: { uri: file.uri, version }, contentChanges });
      }
    }
  }

  // ── diagnostics ──

  private diagnosticsFrom(server: LanguageServer, params: unknown): void {
    const { uri, version, diagnostics } = (params ?? {}) as { uri?: unknown; version?: unknown; diagnostics?: unknown };
    const target = uriTarget(uri);
    const itemId = target?.kind === 'workspace' ? this.byPath.get(target.path) : undefined;
    const file = itemId ? this.files.get(itemId) : undefined;
    if (!file || !Array.isArray(diagnostics)) return;
    const checked = Number.isInteger(version) ? (version as number) : file.mirror.version;
    const lines = file.mirror.lineIndexOf(checked);
    if (!lines) return; // for a version no longer kept: a newer set is on its way
    const items: Diagnostic[] = [];
    for (const raw of diagnostics.slice(0, MAX_DIAGNOSTICS)) {
      const d = raw as { range?: unknown; severity?: unknown; message?: unknown; source?: unknown; code?: unknown; tags?: unknown };
      if (!isLspRange(d.range) || typeof d.message !== 'string') continue;
      const start = file.mirror.mapOffset(lines.offsetAt(d.range.start), checked);
      const end = file.mirror.mapOffset(lines.offsetAt(d.range.end), checked, true);
      if (start === null || end === null) continue;
      items.push({
        start: file.mirror.relAt(start),
        end: file.mirror.relAt(end, -1),
        line: d.range.start.line,
        character: d.range.start.character,
        endLine: d.range.end.line,
        endCharacter: d.range.end.character,
        severity: Number.isInteger(d.severity) && (d.severity as number) >= 1 && (d.severity as number) <= 4 ? (d.severity as number) : 1,
        message: d.message.slice(0, 4096),
        ...(typeof d.source === 'string' ? { source: d.source.slice(0, 64) } : {}),
        ...(typeof d.code === 'string' || typeof d.code === 'number' ? { code: String(d.code).slice(0, 128) } : {}),
        ...(Array.isArray(d.tags) && d.tags.every(Number.isInteger) ? { tags: (d.tags as number[]).slice(0, 4) } : {}),
      });
    }
    file.diagnostics.set(server.name, { version: checked, items, raw: diagnostics.slice(0, MAX_DIAGNOSTICS) });
    this.sendDiagnostics(file, [...this.clients.values()].filter((c) => c.open.has(file.itemId)));
  }

  private sendDiagnostics(file: MirroredFile, to: ClientState[]): void {
    if (file.diagnostics.size === 0) return;
    const sets = [...file.diagnostics.values()];
    const message: ServerMessage = {
      type: 'lang.diagnostics',
      itemId: file.itemId,
      version: Math.max(...sets.map((s) => s.version)),
      diagnostics: sets.flatMap((s) => s.items),
    };
    for (const state of to) state.client.send(message);
  }

  // ── requests ──

  private async answer(state: ClientState, request: Request, pending: Pending): Promise<unknown> {
    if (request.method === 'libraryFile') return this.libraryFile(state, request.path);
    if (!request.itemId) throw new Refusal('bad_request', `${request.method} needs an itemId`);
    const pyright = await this.readyServer(pending);
    const file = this.files.get(request.itemId.toLowerCase());
    if (!file) throw new Refusal('item_not_found', 'No such Python file in this workspace');
    await this.catchUp(file, request.stateVector, pending);
    const offset = request.position === undefined ? 0 : file.mirror.offsetOf(request.position);
    if (offset === null) throw new Refusal('bad_request', 'position is not a place in this file');
    const version = file.mirror.version;
    const lines = file.mirror.lineIndex();
    const position = lines.positionAt(offset);
    const textDocument = { uri: file.uri };
    const mapper = this.mapper(state, file, version);
    const ask = async <T>(server: LanguageServer, method: string, params: object): Promise<T> => {
      if (pending.cancelled) throw new Refusal('cancelled', 'cancelled');
      const sent = server.request<T>(method, params);
      pending.lsp = sent as SentRequest<unknown>;
      return sent.result;
    };
    switch (request.method) {
      case 'completion': {
        const context = request.triggerCharacter ? { triggerKind: 2, triggerCharacter: request.triggerCharacter } : { triggerKind: 1 };
        return completionResult(await ask(pyright, 'textDocument/completion', { textDocument, position, context }), mapper);
      }
      case 'hover':
        return hoverResult(await ask(pyright, 'textDocument/hover', { textDocument, position }), mapper);
      case 'signatureHelp':
        return signatureHelpResult(await ask(pyright, 'textDocument/signatureHelp', { textDocument, position }));
      case 'definition':
        return locationsResult(await ask(pyright, 'textDocument/definition', { textDocument, position }), mapper);
      case 'references':
        return locationsResult(await ask(pyright, 'textDocument/references', { textDocument, position, context: { includeDeclaration: true } }), mapper);
      case 'documentSymbol':
        return documentSymbolResult(await ask(pyright, 'textDocument/documentSymbol', { textDocument }));
      case 'rename': {
        if (!request.newName) throw new Refusal('bad_request', 'rename needs a newName');
        const edit = await ask(pyright, 'textDocument/rename', { textDocument, position, newName: request.newName });
        return this.applyWorkspaceEdit(state, 'rename', edit, new Map([[file.itemId, version]]));
      }
      case 'format': {
        if (!this.ruff) throw new Refusal('unavailable', 'Formatting needs ruff, which is not installed where the code runs');
        await this.readyOf(this.ruff, pending);
        const options = { tabSize: 4, insertSpaces: true };
        const end = request.end === undefined ? null : file.mirror.offsetOf(request.end);
        const edits = end === null
          ? await ask(this.ruff, 'textDocument/formatting', { textDocument, options })
          : await ask(this.ruff, 'textDocument/rangeFormatting', { textDocument, options, range: { start: position, end: lines.positionAt(end) } });
        return this.applyWorkspaceEdit(state, 'format', { changes: { [file.uri]: edits ?? [] } }, new Map([[file.itemId, version]]));
      }
      case 'codeAction': {
        const end = request.end === undefined ? offset : (file.mirror.offsetOf(request.end) ?? offset);
        const range = { start: position, end: lines.positionAt(end) };
        const servers = [pyright, ...(this.ruff?.state === 'ready' ? [this.ruff] : [])];
        state.actions.clear();
        const actions: Array<{ actionId: string; title: string; kind?: string; isPreferred?: boolean }> = [];
        for (const server of servers) {
          const diagnostics = (file.diagnostics.get(server.name)?.raw ?? []).filter((d) => overlaps((d as { range?: unknown }).range, range));
          const list = await ask<unknown>(server, 'textDocument/codeAction', { textDocument, range, context: { diagnostics } });
          for (const raw of Array.isArray(list) ? list : []) {
            const action = raw as Record<string, unknown>;
            if (typeof action?.title !== 'string' || state.actions.size >= MAX_ACTIONS) continue;
            const actionId = randomUUID();
            state.actions.set(actionId, { server, action, itemId: file.itemId, version });
            actions.push({ actionId, title: action.title.slice(0, 256), ...(typeof action.kind === 'string' ? { kind: action.kind } : {}), ...(action.isPreferred === true ? { isPreferred: true } : {}) });
          }
        }
        return { actions };
      }
      case 'applyCodeAction': {
        const chosen = request.actionId ? state.actions.get(request.actionId) : undefined;
        if (!chosen) throw new Refusal('bad_request', 'No such code action (ask for code actions again)');
        state.actions.clear();
        const title = String(chosen.action.title);
        let { action } = chosen;
        if (!action.edit && !action.command && action.data !== undefined) action = (await ask<Record<string, unknown>>(chosen.server, 'codeAction/resolve', action)) ?? action;
        if (action.edit) return this.applyWorkspaceEdit(state, title, action.edit, new Map([[chosen.itemId, chosen.version]]));
        const command = (typeof action.command === 'string' ? action : action.command) as { command?: unknown; arguments?: unknown } | undefined;
        if (typeof command?.command !== 'string') return { editId: null, files: 0 };
        this.commandEdit = { client: state, label: title, applied: null };
        try {
          await ask(chosen.server, 'workspace/executeCommand', { command: command.command, arguments: Array.isArray(command.arguments) ? command.arguments : [] });
          return this.commandEdit?.applied ?? { editId: null, files: 0 };
        } finally {
          this.commandEdit = null;
        }
      }
      default:
        throw new Refusal('bad_request', `unknown method ${request.method}`);
    }
  }

  private async libraryFile(state: ClientState, path: string | undefined): Promise<{ path: string; text: string }> {
    if (!path || !state.libraryPaths.has(path)) throw new Refusal('bad_request', 'Only a library file a definition or reference pointed to can be read');
    return { path, text: await this.deps.readLibraryFile(path) };
  }

  /** Waits until the mirror holds what the asker had, refreshing from the live document. */
  private async catchUp(file: MirroredFile, stateVector: string | undefined, pending: Pending): Promise<void> {
    if (stateVector === undefined) return this.refresh(file);
    let wanted: Uint8Array;
    try {
      wanted = Buffer.from(stateVector, 'base64');
      Y.decodeStateVector(wanted);
    } catch {
      throw new Refusal('bad_request', 'stateVector is not a state vector');
    }
    const deadline = Date.now() + STATE_WAIT_MS;
    for (;;) {
      if (file.mirror.holds(wanted)) return;
      await this.refresh(file);
      if (file.mirror.holds(wanted)) return;
      if (pending.cancelled) throw new Refusal('cancelled', 'cancelled');
      if (Date.now() > deadline) throw new Refusal('stale', 'Your latest edits did not reach the server in time; ask again');
      await sleep(20);
    }
  }

  private async readyServer(pending: Pending): Promise<LanguageServer> {
    if (this.starting) await this.starting;
    if (!this.pyright) throw new Refusal('unavailable', this.message ?? `Python intelligence is ${this.state}`);
    await this.readyOf(this.pyright, pending);
    return this.pyright;
  }

  private async readyOf(server: LanguageServer, pending: Pending): Promise<void> {
    const deadline = Date.now() + READY_WAIT_MS;
    while (server.state !== 'ready') {
      if (server.state === 'failed' || server.state === 'stopped') throw new Refusal('unavailable', this.message ?? `${server.name} is ${server.state}`);
      if (pending.cancelled) throw new Refusal('cancelled', 'cancelled');
      if (Date.now() > deadline) throw new Refusal('unavailable', `${server.name} did not start in time`);
      await sleep(50);
    }
  }

  private mapper(state: ClientState, file: MirroredFile, version: number): RangeMapper {
    return {
      rel: (range) => {
        const lines = file.mirror.lineIndexOf(version);
        if (!lines) return null;
        const start = file.mirror.mapOffset(lines.offsetAt(range.start), version);
        const end = file.mirror.mapOffset(lines.offsetAt(range.end), version, true);
        if (start === null || end === null) return null;
        return { start: file.mirror.relAt(start), end: file.mirror.relAt(end, -1) };
      },
      location: (uri, range): Location | null => {
        const target = uriTarget(uri);
        const at = { line: range.start.line, character: range.start.character, endLine: range.end.line, endCharacter: range.end.character };
        if (target?.kind === 'workspace') {
          const itemId = this.byPath.get(target.path);
          return itemId ? { itemId, path: target.path, ...at } : null;
        }
        if (target?.kind === 'library') {
          if (state.libraryPaths.size < MAX_LIBRARY_PATHS) state.libraryPaths.add(target.path);
          return { itemId: null, path: target.path, ...at };
        }
        return null;
      },
    };
  }

  // ── edits ──

  private async applyCommandEdit(params: unknown): Promise<{ applied: boolean; failureReason?: string }> {
    const pending = this.commandEdit;
    if (!pending) return { applied: false, failureReason: 'edits are applied only for a command a user ran' };
    const edit = (params as { edit?: unknown } | null)?.edit;
    try {
      pending.applied = await this.applyWorkspaceEdit(pending.client, pending.label, edit, new Map());
      return { applied: true };
    } catch (error) {
      return { applied: false, failureReason: (error as Error).message };
    }
  }

  /**
   * Applies a language server's edit to the live documents, once, as one Yjs
   * transaction per file with an origin of its own, and keeps it undoable for the
   * asker. Positions are placed through the mirror (relative positions), so edits
   * anyone made since the language server computed it stay where they are.
   */
  private async applyWorkspaceEdit(state: ClientState, label: string, value: unknown, versions: Map<string, number>): Promise<AppliedEdit> {
    const read = readWorkspaceEdit(value);
    if (!read.ok) throw new Refusal('language_server', `The language server proposed an edit that was not applied: ${read.reason}`);
    const planned: Array<{ file: MirroredFile; edits: Array<{ start: Uint8Array; end: Uint8Array; text: string }>; undoBytes: number }> = [];
    for (const fileEdit of read.files) {
      const target = uriTarget(fileEdit.uri);
      const itemId = target?.kind === 'workspace' ? this.byPath.get(target.path) : undefined;
      const file = itemId ? this.files.get(itemId) : undefined;
      if (!file) throw new Refusal('language_server', `The edit changes ${target?.path ?? 'a file'} outside the workspace's Python files; nothing was changed`);
      const version = fileEdit.version ?? versions.get(file.itemId) ?? file.mirror.version;
      const lines = file.mirror.lineIndexOf(version);
      if (!lines) throw new Refusal('stale', 'The file changed too much while the edit was computed; try again');
      const offsets: OffsetEdit[] = fileEdit.edits.map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), text: e.newText }));
      const narrowed = minimalEdits(lines.text, offsets);
      if (narrowed.length === 0) continue;
      const edits = narrowed.map((e) => {
        const start = file.mirror.mapOffset(e.start, version)!;
        const end = Math.max(start, file.mirror.mapOffset(e.end, version)!);
        const rel = (offset: number, assoc: number) => Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(file.mirror.doc.getText('content'), offset, assoc));
        return { start: rel(start, 0), end: rel(end, end > start ? -1 : 0), text: e.text };
      });
      const undoBytes = narrowed.reduce((sum, e) => sum + Buffer.byteLength(lines.text.slice(e.start, e.end)) + 32, 0);
      planned.push({ file, edits, undoBytes });
    }
    if (planned.length === 0) return { editId: null, files: 0 };
    const editId = randomUUID();
    const origin = { languageEdit: editId, userId: state.client.userId };
    const parts: EditPart[] = [];
    const record = () => {
      this.history.add({ editId, userId: state.client.userId, label, parts });
      state.client.send({ type: 'lang.applied', editId, label, files: parts.map((p) => ({ itemId: p.itemId, path: p.path })) });
    };
    for (const { file, edits, undoBytes } of planned) {
      try {
        parts.push(await this.applyFileEdit(file, edits, origin, undoBytes));
      } catch (error) {
        // What was applied stays undoable; the asker learns which file failed.
        if (parts.length > 0) record();
        throw new Refusal((error as Refusal).code ?? 'language_server', `${label} changed ${parts.length} of ${planned.length} files; ${file.path} failed: ${(error as Error).message}`);
      }
      void this.refresh(file);
    }
    record();
    return { editId, files: parts.length };
  }

  /**
   * One file's part of an edit, in one transaction. The document stays held (loaded)
   * after the change, until the edit is undone or forgotten (EditPart.release), so it
   * is the same Y.Doc when the user undoes it.
   */
  private applyFileEdit(file: MirroredFile, edits: Array<{ start: Uint8Array; end: Uint8Array; text: string }>, origin: object, undoBytes: number): Promise<EditPart> {
    return new Promise<EditPart>((resolve, reject) => {
      let release = () => {};
      const held = new Promise<void>((done) => (release = done));
      const applying = this.deps.documents.withDocument(this.deps.workspaceId, file.itemId, async (live) => {
        const ytext = live.doc.getText('content');
        const placed = edits.map((e) => {
          const start = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(e.start), live.doc);
          const end = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(e.end), live.doc);
          if (!start || !end) throw new Refusal('stale', 'The file changed while the edit was computed; try again');
          return { start: start.index, end: Math.max(start.index, end.index), text: e.text };
        });
        const manager = new Y.UndoManager(ytext, { trackedOrigins: new Set([origin]), captureTimeout: 0 });
        const growth = placed.reduce((sum, e) => sum + Buffer.byteLength(e.text) + 32, 0);
        try {
          await live.change(origin, () => {
            for (const e of [...placed].sort((a, b) => b.start - a.start)) {
              if (e.end > e.start) ytext.delete(e.start, e.end - e.start);
              if (e.text) ytext.insert(e.start, e.text);
            }
          }, growth);
        } catch (error) {
          manager.destroy();
          throw error;
        }
        resolve({ itemId: file.itemId, path: file.path, doc: live.doc, manager, undoBytes, release });
        await held;
      });
      applying.catch(reject);
    });
  }

  // ── status ──

  private clientState(client: LanguageClient): ClientState {
    let state = this.clients.get(client.id);
    if (!state) {
      state = { client, open: new Set(), pending: new Map(), actions: new Map(), libraryPaths: new Set() };
      this.clients.set(client.id, state);
    }
    return state;
  }

  private giveUp(pending: Pending, id: number, message: string, code = 'cancelled'): void {
    pending.cancelled = true;
    pending.lsp?.cancel();
    pending.answer(refused(id, code, message));
  }

  private setState(state: LanguageState, message?: string): void {
    this.state = state;
    this.message = message;
    this.broadcast(this.statusMessage());
  }

  private statusMessage(): LangStatusMessage {
    const message = this.state === 'stopped' && !this.message ? 'Python intelligence starts when an editor opens a Python file' : this.message;
    return { type: 'lang.status', state: this.state, missing: this.missing, ...(message ? { message } : {}) };
  }

  private broadcast(message: ServerMessage): void {
    for (const state of this.clients.values()) if (state.open.size > 0) state.client.send(message);
  }

  private broadcastTo(itemId: string, message: ServerMessage): void {
    for (const state of this.clients.values()) if (state.open.has(itemId)) state.client.send(message);
  }
}

function refused(id: number, code: string, message: string): ServerMessage {
  return { type: 'lang.result', id, ok: false, code, message };
}

function refusalOf(error: unknown): [code: string, message: string] {
  if (error instanceof Refusal) return [error.code, error.message];
  if (error instanceof ConnectionClosedError) return ['restarted', 'The language server exited while answering; ask again'];
  if (error instanceof NotRunningError) return ['unavailable', error.message];
  if (error instanceof RpcError) return error.code === -32800 ? ['cancelled', 'cancelled'] : ['language_server', error.message.slice(0, 1000)];
  return ['language_server', (error as Error)?.message ?? 'failed'];
}

function overlaps(range: unknown, with_: LspRange): boolean {
  if (!isLspRange(range)) return false;
  const before = (a: { line: number; character: number }, b: { line: number; character: number }) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(range.start, with_.end) && before(with_.start, range.end);
}

function initializeParams(): object {
  return {
    processId: null,
    clientInfo: { name: 'tandem' },
    rootUri: WORKSPACE_ROOT_URI,
    workspaceFolders: [{ uri: WORKSPACE_ROOT_URI, name: 'workspace' }],
    capabilities: {
      general: { positionEncodings: ['utf-16'] },
      workspace: { workspaceEdit: { documentChanges: true }, configuration: true, workspaceFolders: true, applyEdit: true },
      textDocument: {
        synchronization: { dynamicRegistration: false, didSave: false },
        completion: {
          completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'], insertReplaceSupport: false },
          contextSupport: true,
        },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        signatureHelp: { signatureInformation: { documentationFormat: ['markdown', 'plaintext'], parameterInformation: { labelOffsetSupport: true } } },
        definition: { linkSupport: false },
        references: {},
        documentSymbol: { hierarchicalDocumentSymbolSupport: true },
        rename: { prepareSupport: false },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'source', 'source.organizeImports', 'source.fixAll'] } }, resolveSupport: { properties: ['edit'] } },
        formatting: {},
        rangeFormatting: {},
        publishDiagnostics: { versionSupport: true, tagSupport: { valueSet: [1, 2] } },
      },
    },
  };
}

function configurationFor(item: unknown): unknown {
  const section = (item as { section?: unknown } | null)?.section;
  if (section === 'python.analysis') return { autoImportCompletions: true, diagnosticMode: 'openFilesOnly', typeCheckingMode: 'standard' };
  if (section === 'python') return {};
  return null;
}
