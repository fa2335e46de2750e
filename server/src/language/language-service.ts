/**
 * Language intelligence wired into the server (docs/language.md): the `lang.*`
 * messages of the workspace socket, one `LanguageWorkspace` per workspace with a
 * Python file open, fed by the document and tree events, its language servers run
 * in the workspace's execution environment and stopped with it.
 *
 * Who may do what (LANG-7): every member reads (diagnostics, completion, hover,
 * definitions); only editors change files through it (rename, format, code actions),
 * and only an editor's `lang.open` starts the environment; a viewer's waits for one.
 */
import { sql } from 'slonik';
import { z } from 'zod';
import type { LanguageTools, ProcessHandle } from '@tandem/executor';
import type { ClientMessageOf, EnvironmentState } from '@tandem/protocol';
import { can } from '../auth/policy';
import { isUuid } from '../api/require-user';
import type { ServerContext } from '../context';
import type { WorkspaceSession } from '../workspace-socket/session';
import type { WorkspaceSocket } from '../workspace-socket/workspace-socket';
import { isPythonPath } from './lsp-uri';
import { LanguageWorkspace, MAX_FILES, type LanguageClient } from './language-workspace';

/** What the language service needs of the execution layer. */
export interface LanguageEnvironments {
  tools(workspaceId: string): Promise<LanguageTools>;
  spawn(workspaceId: string, argv: string[]): Promise<ProcessHandle>;
  state(workspaceId: string): EnvironmentState;
  /** Calls back whenever an environment's state changes; returns the unsubscribe. */
  onState(listener: (workspaceId: string, state: EnvironmentState) => void): () => void;
}

export interface LanguageService {
  /** The workspace's language intelligence, when it has started (tests, benchmark). */
  workspace(workspaceId: string): LanguageWorkspace | undefined;
  close(): void;
}

/** A workspace whose files nobody has had open this long has its language servers stopped. */
const IDLE_STOP_MS = 5 * 60_000;
const MAX_LIBRARY_FILE_BYTES = 4 * 1024 * 1024;
const LIBRARY_READ_TIMEOUT_MS = 10_000;

const fileRow = z.object({ id: z.string(), path: z.string() });

export function startLanguageService(ctx: ServerContext, socket: WorkspaceSocket, environments: LanguageEnvironments): LanguageService {
  const log = ctx.log.child({ component: 'language' });
  const workspaces = new Map<string, LanguageWorkspace>();
  const idleSince = new Map<string, number>();
  const clients = new WeakMap<WorkspaceSession, LanguageClient>();

  const clientOf = (session: WorkspaceSession): LanguageClient => {
    let client = clients.get(session);
    if (!client) {
      client = {
        id: session.id,
        userId: session.user.id,
        get canEdit() {
          return can(session.role, 'files.write');
        },
        send: (message) => session.send(message),
      };
      clients.set(session, client);
    }
    return client;
  };

  const workspaceFor = (workspaceId: string): LanguageWorkspace => {
    let workspace = workspaces.get(workspaceId);
    if (!workspace) {
      workspace = new LanguageWorkspace({
        workspaceId,
        documents: ctx.documents,
        pythonFiles: async () => {
          const rows = await ctx.db.pool.any(sql.type(fileRow)`
            SELECT id, path FROM workspace_items
            WHERE workspace_id = ${workspaceId} AND type = 'file' AND (path LIKE '%.py' OR path LIKE '%.pyi')
            ORDER BY path COLLATE "C" LIMIT ${MAX_FILES + 1}`);
          return rows.map((row) => ({ itemId: row.id, path: row.path }));
        },
        tools: () => environments.tools(workspaceId),
        spawn: (argv) => environments.spawn(workspaceId, argv),
        readLibraryFile: (path) => readWhole(environments.spawn(workspaceId, ['cat', '--', path])),
        log,
      });
      workspaces.set(workspaceId, workspace);
    }
    return workspace;
  };

  /** An editor may start the environment; anyone may use one that runs. */
  const mayStart = (session: WorkspaceSession) => can(session.role, 'env.start') || environments.state(session.workspaceId) === 'ready';

  type Handler<T extends 'lang.open' | 'lang.close' | 'lang.request' | 'lang.cancel' | 'lang.undo'> = (
    session: WorkspaceSession,
    message: ClientMessageOf<T>,
  ) => void | Promise<void>;

  const open: Handler<'lang.open'> = async (session, { itemId }) => {
    const item = isUuid(itemId) ? await ctx.access.item(session.workspaceId, itemId) : null;
    if (!item || item.type !== 'file') return session.error('item_not_found', 'No such file in this workspace');
    if (!isPythonPath(item.path)) return session.error('unsupported_language', 'Language intelligence is for Python files (.py, .pyi)');
    if (session.closed) return;
    workspaceFor(session.workspaceId).open(clientOf(session), item.id, mayStart(session));
    idleSince.delete(session.workspaceId);
  };
  const close: Handler<'lang.close'> = (session, { itemId }) => workspaces.get(session.workspaceId)?.close(clientOf(session), itemId.toLowerCase());
  const request: Handler<'lang.request'> = (session, message) => workspaceFor(session.workspaceId).request(clientOf(session), message, mayStart(session));
  const cancel: Handler<'lang.cancel'> = (session, { id }) => workspaces.get(session.workspaceId)?.cancel(clientOf(session), id);
  const undo: Handler<'lang.undo'> = async (session, { editId }) => {
    const workspace = workspaces.get(session.workspaceId);
    const done = workspace ? await workspace.undo(clientOf(session), editId) : { ok: false as const, message: 'Nothing to undo' };
    if (!done.ok) session.error('not_undoable', done.message);
  };
  socket.handle('lang.open', open);
  socket.handle('lang.close', close);
  socket.handle('lang.request', request);
  socket.handle('lang.cancel', cancel);
  socket.handle('lang.undo', undo);

  const offClose = socket.onSessionClose((session) => workspaces.get(session.workspaceId)?.leave(session.id));
  const offDocument = ctx.events.on('document', (workspaceId, itemId) => workspaces.get(workspaceId.toLowerCase())?.documentChanged(itemId.toLowerCase()));
  const offTree = ctx.events.on('tree', (workspaceId, change) => workspaces.get(workspaceId.toLowerCase())?.treeChanged(change));
  const offState = environments.onState((workspaceId, state) => {
    if (state === 'stopped') workspaces.get(workspaceId)?.stop('The environment stopped; Python intelligence starts again with it');
  });
  const offDeleted = ctx.events.on('workspaceDeleted', (id) => {
    workspaces.get(id.toLowerCase())?.stop();
    workspaces.delete(id.toLowerCase());
  });

  // Language servers of workspaces nobody has a file open in are stopped after a while (memory).
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [id, workspace] of workspaces) {
      if (workspace.hasOpenFiles()) {
        idleSince.delete(id);
        continue;
      }
      const since = idleSince.get(id) ?? now;
      idleSince.set(id, since);
      if (now - since >= IDLE_STOP_MS) {
        workspace.stop();
        workspaces.delete(id);
        idleSince.delete(id);
      }
    }
  }, 30_000);
  sweep.unref();

  ctx.metrics.collect('tandem_language_workspaces', 'Workspaces with language servers, by state', () => {
    const counts = new Map<string, number>();
    for (const workspace of workspaces.values()) counts.set(workspace.languageState, (counts.get(workspace.languageState) ?? 0) + 1);
    return [...counts].map(([state, value]) => ({ labels: { state }, value }));
  });

  return {
    workspace: (workspaceId) => workspaces.get(workspaceId),
    close: () => {
      clearInterval(sweep);
      offClose();
      offDocument();
      offTree();
      offState();
      offDeleted();
      for (const workspace of workspaces.values()) workspace.stop();
      workspaces.clear();
    },
  };
}

/** A program's whole stdout (a library file's text), bounded in size and time. */
async function readWhole(spawned: Promise<ProcessHandle>): Promise<string> {
  const process = await spawned;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    const timer = setTimeout(() => {
      process.kill();
      reject(new Error('reading the file took too long'));
    }, LIBRARY_READ_TIMEOUT_MS);
    process.onStdout((chunk) => {
      bytes += chunk.byteLength;
      if (bytes > MAX_LIBRARY_FILE_BYTES) {
        process.kill();
        return;
      }
      chunks.push(chunk);
    });
    process.onExit((code) => {
      clearTimeout(timer);
      if (bytes > MAX_LIBRARY_FILE_BYTES) return reject(new Error(`the file is larger than ${MAX_LIBRARY_FILE_BYTES} bytes`));
      if (code !== 0) return reject(new Error('the file could not be read'));
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}
