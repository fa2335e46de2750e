/** OpenAPI paths and schemas for workspaces, members, items and files by path (see the *-routes.ts files beside this). */
import { authErrors, badInput, errorResponse, jsonBody, jsonResponse, noContent, ref, signedIn, tooLarge, uuidParam, type ApiArea, type Operation } from './openapi-common';
import { LANGUAGES } from '../workspace/starter';

const workspaceId = uuidParam('id', 'The workspace id');
const notMember = errorResponse('No such workspace, or you are not a member of it (the two are not told apart)', ['workspace_not_found']);
const forbiddenBelow = (needs: string) => ({
  ...errorResponse(`Your role is below ${needs}, or a cookie-authenticated change came from a foreign origin`, ['insufficient_role', 'csrf_origin_mismatch']),
});
const nameTaken = errorResponse('The folder already holds an item with that name', ['name_taken']);
const itemLimit = errorResponse('The workspace holds the maximum number of items', ['item_limit']);
const filePath = {
  name: 'path',
  in: 'path',
  required: true,
  description: 'The file path inside the workspace, e.g. `src/main.py` (percent-encode each name; `/` separates them)',
  schema: { type: 'string' },
};
const badPath = errorResponse(
  'The path is not valid (`invalid_path`: empty, absolute, `.`/`..`, an empty segment, over 1024 bytes) or holds a name the naming rule refuses (`invalid_name`: see Item.name)',
  ['invalid_path', 'invalid_name'],
);

/** An operation every signed-in member may call, with its own responses added. */
function op(tag: string, summary: string, responses: Record<string, unknown>, extra: Operation = {}): Operation {
  return { tags: [tag], summary, security: signedIn, ...extra, responses: { ...authErrors, ...responses } };
}

const workspaceEnvelope = { type: 'object', required: ['workspace'], properties: { workspace: ref('Workspace') } };
const memberEnvelope = { type: 'object', required: ['member'], properties: { member: ref('Member') } };
const itemEnvelope = { type: 'object', required: ['item'], properties: { item: ref('Item') } };

export const workspacesApi: ApiArea = {
  tags: [
    { name: 'workspaces', description: 'Workspaces you own or are a member of. Non-members get 404, as if the workspace did not exist.' },
    { name: 'members', description: 'Who may edit or only read a workspace. Only the owner manages members; a member may leave.' },
    { name: 'items', description: 'The file tree: files and folders, each with its full path (`src/main.py`).' },
    { name: 'files', description: 'File text by path, for scripts. PUT applies a minimal diff to the live document.' },
  ],
  schemas: {
    Role: { type: 'string', enum: ['owner', 'editor', 'viewer'] },
    Workspace: {
      type: 'object',
      required: ['id', 'name', 'language', 'role', 'owner', 'createdAt', 'updatedAt', 'lastActivityAt'],
      properties: {
        id: { type: 'string', format: 'uuid' },
        name: { type: 'string', minLength: 1, maxLength: 100 },
        language: { type: 'string', enum: [...LANGUAGES] },
        role: { ...ref('Role'), description: 'Your role in it' },
        owner: { type: 'object', required: ['id', 'username'], properties: { id: { type: 'string', format: 'uuid' }, username: { type: 'string' } } },
        createdAt: { type: 'string', format: 'date-time' },
        updatedAt: { type: 'string', format: 'date-time' },
        lastActivityAt: { type: 'string', format: 'date-time' },
      },
    },
    Member: {
      type: 'object',
      required: ['userId', 'username', 'role', 'addedAt'],
      properties: {
        userId: { type: 'string', format: 'uuid' },
        username: { type: 'string' },
        role: ref('Role'),
        addedAt: { type: 'string', format: 'date-time' },
      },
    },
    Item: {
      type: 'object',
      required: ['id', 'parentId', 'name', 'type', 'path', 'updatedAt'],
      properties: {
        id: { type: 'string', format: 'uuid', description: "A file's id is also its document's id on `/sync/<workspaceId>/<itemId>`" },
        parentId: { type: ['string', 'null'], format: 'uuid', description: 'null at the top level' },
        name: {
          type: 'string',
          description:
            '1-255 bytes of UTF-8; not `.` or `..`; no `/`, NUL, control characters (U+0001-U+001F, U+007F), `\\` or lone surrogates; not starting with a drive letter and a colon (`C:`). The rule the execution environment writes files by; anything else is `invalid_name`',
        },
        type: { type: 'string', enum: ['file', 'folder'] },
        path: { type: 'string', description: '`/`-joined names without a leading slash; at most 1024 bytes' },
        size: { type: 'integer', description: "Files: bytes of the stored text (it trails live typing by up to a second)" },
        updatedAt: { type: 'string', format: 'date-time' },
      },
    },
  },
  paths: {
    '/api/workspaces': {
      get: op('workspaces', 'List the workspaces you own or are a member of', {
        '200': jsonResponse('Most recently active first', { type: 'object', required: ['workspaces'], properties: { workspaces: { type: 'array', items: ref('Workspace') } } }),
      }),
      post: op('workspaces', 'Create a workspace with a starter file (`main.py` for Python)', {
        '201': jsonResponse('Created; you are its owner', workspaceEnvelope),
        '400': badInput,
        '409': errorResponse('You own the maximum number of workspaces', ['workspace_limit']),
        '413': tooLarge,
      }, {
        requestBody: jsonBody({
          type: 'object',
          required: ['name'],
          properties: { name: { type: 'string', minLength: 1, maxLength: 100 }, language: { type: 'string', enum: [...LANGUAGES], default: 'python' } },
        }),
      }),
    },
    '/api/workspaces/{id}': {
      get: op('workspaces', 'Read a workspace', { '200': jsonResponse('The workspace', workspaceEnvelope), '404': notMember }, { parameters: [workspaceId] }),
      patch: op('workspaces', 'Rename a workspace (editors and the owner)', {
        '200': jsonResponse('Renamed', workspaceEnvelope),
        '400': badInput,
        '403': forbiddenBelow('editor'),
        '404': notMember,
      }, {
        parameters: [workspaceId],
        requestBody: jsonBody({ type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1, maxLength: 100 } } }),
      }),
      delete: op('workspaces', 'Delete a workspace with all its files (owner only); its open sockets close with 4404', {
        '204': noContent,
        '403': forbiddenBelow('owner'),
        '404': notMember,
      }, { parameters: [workspaceId] }),
    },
    '/api/workspaces/{id}/members': {
      get: op('members', 'List the owner (role `owner`) and the members', {
        '200': jsonResponse('Owner first, then members by username', { type: 'object', required: ['members'], properties: { members: { type: 'array', items: ref('Member') } } }),
        '404': notMember,
      }, { parameters: [workspaceId] }),
      post: op('members', 'Add a member by username (owner only)', {
        '201': jsonResponse('Added', memberEnvelope),
        '400': badInput,
        '403': forbiddenBelow('owner'),
        '404': errorResponse('No such workspace (or not yours to see), or no such user', ['workspace_not_found', 'user_not_found']),
        '409': errorResponse('Already a member, or the owner', ['already_member', 'is_owner']),
      }, {
        parameters: [workspaceId],
        requestBody: jsonBody({
          type: 'object',
          required: ['username', 'role'],
          properties: { username: { type: 'string' }, role: { type: 'string', enum: ['editor', 'viewer'] } },
        }),
      }),
    },
    '/api/workspaces/{id}/members/{userId}': {
      patch: op('members', "Change a member's role (owner only); their open sockets see the new role", {
        '200': jsonResponse('Changed', memberEnvelope),
        '400': badInput,
        '403': forbiddenBelow('owner'),
        '404': errorResponse('No such workspace or member', ['workspace_not_found', 'member_not_found']),
        '409': errorResponse("The owner's role cannot change", ['is_owner']),
      }, {
        parameters: [workspaceId, uuidParam('userId', 'The member')],
        requestBody: jsonBody({ type: 'object', required: ['role'], properties: { role: { type: 'string', enum: ['editor', 'viewer'] } } }),
      }),
      delete: op('members', 'Remove a member (owner), or leave (the member themselves); their open sockets close with 4403', {
        '204': noContent,
        '403': forbiddenBelow('owner (or yourself)'),
        '404': errorResponse('No such workspace or member', ['workspace_not_found', 'member_not_found']),
        '409': errorResponse('The owner cannot leave their own workspace', ['is_owner']),
      }, { parameters: [workspaceId, uuidParam('userId', 'The member')] }),
    },
    '/api/workspaces/{id}/items': {
      get: op('items', 'The whole file tree, parents before children', {
        '200': jsonResponse('Every item with its full path', { type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('Item') } } }),
        '404': notMember,
      }, { parameters: [workspaceId] }),
      post: op('items', 'Create an empty file or a folder (editors and the owner)', {
        '201': jsonResponse('Created; pushed to workspace sockets as a `tree` change', itemEnvelope),
        '400': errorResponse('Bad body, bad name, a path too long, or the parent is a file', ['invalid_json', 'validation_failed', 'invalid_name', 'invalid_path', 'parent_not_folder']),
        '403': forbiddenBelow('editor'),
        '404': errorResponse('No such workspace, or no such parent in it', ['workspace_not_found', 'parent_not_found']),
        '409': { ...nameTaken, description: `${String(nameTaken.description)}, or the workspace is full (code: \`item_limit\`)` },
      }, {
        parameters: [workspaceId],
        requestBody: jsonBody({
          type: 'object',
          required: ['name', 'type'],
          properties: {
            parentId: { type: ['string', 'null'], format: 'uuid', description: 'A folder of this workspace; null or absent for the top level' },
            name: { type: 'string' },
            type: { type: 'string', enum: ['file', 'folder'] },
          },
        }),
      }),
    },
    '/api/workspaces/{id}/items/{itemId}': {
      patch: op('items', 'Rename and/or move an item; the paths of everything below a folder follow in one transaction', {
        '200': jsonResponse('The item at its new place', itemEnvelope),
        '400': errorResponse('Bad body or name, a move into itself or below, a path too long, or the parent is a file', ['invalid_json', 'validation_failed', 'invalid_name', 'invalid_move', 'invalid_path', 'parent_not_folder']),
        '403': forbiddenBelow('editor'),
        '404': errorResponse('No such workspace, item or parent', ['workspace_not_found', 'item_not_found', 'parent_not_found']),
        '409': nameTaken,
      }, {
        parameters: [workspaceId, uuidParam('itemId', 'The item')],
        requestBody: jsonBody({
          type: 'object',
          minProperties: 1,
          properties: { name: { type: 'string' }, parentId: { type: ['string', 'null'], format: 'uuid', description: 'null moves to the top level' } },
        }),
      }),
      delete: op('items', 'Delete an item; a folder with everything in it. Live editors of deleted files are disconnected (4404)', {
        '204': noContent,
        '403': forbiddenBelow('editor'),
        '404': errorResponse('No such workspace or item', ['workspace_not_found', 'item_not_found']),
      }, { parameters: [workspaceId, uuidParam('itemId', 'The item')] }),
    },
    '/api/workspaces/{id}/files/{path}': {
      get: op('files', "A file's current text (from the live document when it is open)", {
        '200': { description: 'The text', content: { 'text/plain; charset=utf-8': { schema: { type: 'string' } } } },
        '400': badPath,
        '404': errorResponse('No such workspace or file', ['workspace_not_found', 'file_not_found']),
        '409': errorResponse('The path names a folder', ['is_a_folder']),
      }, { parameters: [workspaceId, filePath] }),
      put: op('files', 'Create a file (and missing folders above it), or replace its text as a minimal diff of its live document', {
        '200': jsonResponse('Replaced', { type: 'object', required: ['item', 'created'], properties: { item: ref('Item'), created: { const: false } } }),
        '201': jsonResponse('Created', { type: 'object', required: ['item', 'created'], properties: { item: ref('Item'), created: { const: true } } }),
        '400': errorResponse('A bad path or name in it (see GET), or a body that is not UTF-8 or holds a NUL (U+0000)', ['invalid_path', 'invalid_name', 'invalid_encoding', 'invalid_text']),
        '403': forbiddenBelow('editor'),
        '404': notMember,
        '409': errorResponse('The path names a folder, a folder on the way is a file, or the workspace is full', ['is_a_folder', 'not_a_folder', 'item_limit']),
        '413': errorResponse(
          'The body exceeds the file size limit (TANDEM_MAX_FILE_BYTES, default 8 MiB), or the file\'s document would exceed its limit (TANDEM_MAX_DOCUMENT_BYTES of Yjs state, default 32 MiB; the document keeps its text)',
          ['payload_too_large', 'document_too_large'],
        ),
        '503': errorResponse(
          'The database cannot be reached, or the server holds TANDEM_MAX_UNSAVED_BYTES of unsaved changes already (a slow database); retry after `Retry-After` seconds',
          ['database_unavailable', 'unsaved_limit'],
        ),
      }, {
        parameters: [workspaceId, filePath],
        requestBody: { required: true, description: 'The whole new text, UTF-8; any content type', content: { '*/*': { schema: { type: 'string' } } } },
      }),
      delete: op('files', 'Delete a file by path', {
        '204': noContent,
        '400': badPath,
        '403': forbiddenBelow('editor'),
        '404': errorResponse('No such workspace or file', ['workspace_not_found', 'file_not_found']),
        '409': errorResponse('The path names a folder (delete folders through the items API)', ['is_a_folder']),
      }, { parameters: [workspaceId, filePath] }),
    },
    '/api/workspaces/{id}/run': {
      post: op('files', "Run a command in the workspace's environment (started if needed) to completion; answers once the files it changed are back in the workspace", {
        '200': jsonResponse('The command finished', {
          type: 'object',
          required: ['exitCode', 'output'],
          properties: { exitCode: { type: 'integer' }, output: { type: 'string', description: 'stdout and stderr interleaved (long output is truncated)' } },
        }),
        '400': badInput,
        '403': forbiddenBelow('editor'),
        '404': notMember,
        '413': tooLarge,
        '503': errorResponse('The environment could not start, the server is stopping, or the database cannot be reached', ['environment_failed', 'environment_stopped', 'shutting_down', 'database_unavailable']),
        '504': errorResponse('The command did not finish within TANDEM_RUN_TIMEOUT_MS (default 5 min)', ['command_timeout']),
      }, {
        parameters: [workspaceId],
        requestBody: jsonBody({ type: 'object', required: ['command'], properties: { command: { type: 'string', minLength: 1, description: 'A bash command line, at most 64 KiB' } } }),
      }),
    },
  },
};

/** The paths alone, for callers that assemble their own document. */
export const workspacePaths = workspacesApi.paths;
