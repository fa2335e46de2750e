/**
 * The operations of the file tree, files by path and commands
 * (server/src/api/item-routes.ts, file-routes.ts, server/src/execution/run-route.ts).
 */
import type { RouteConfig } from '@asteasolutions/zod-to-openapi';
import { fileCreatedSchema, fileParamsSchema, fileReplacedSchema, fileTextSchema } from './files';
import { createItemBodySchema, itemEnvelopeSchema, itemListSchema, itemParamsSchema, updateItemBodySchema } from './items';
import { badInput, errorResponse, forbiddenBelow, jsonBody, jsonResponse, signedInOperation, noContent, notMember, retryAfter, tooLarge } from './responses';
import { runBodySchema, runResultSchema } from './run';
import { workspaceParamsSchema } from './workspaces';

const nameTaken = 'The folder already holds an item with that name';
const badPath = errorResponse(
  'The path is not valid (`invalid_path`: empty, absolute, `.`/`..`, an empty segment, over 1024 bytes) or holds a name the naming rule refuses (`invalid_name`: see Item.name)',
  ['invalid_path', 'invalid_name'],
);
const noFile = errorResponse('No such workspace or file', ['workspace_not_found', 'file_not_found']);
const text = { 'text/plain; charset=utf-8': { schema: fileTextSchema } };

export const itemPaths: RouteConfig[] = [
  signedInOperation('items', 'get', '/api/workspaces/{id}/items', 'The whole file tree, parents before children', { params: workspaceParamsSchema }, {
    200: jsonResponse('Every item with its full path', itemListSchema),
    404: notMember,
  }),
  signedInOperation('items', 'post', '/api/workspaces/{id}/items', 'Create an empty file or a folder (editors and the owner)', { params: workspaceParamsSchema, body: jsonBody(createItemBodySchema) }, {
    201: jsonResponse('Created; pushed to workspace sockets as a `tree` change', itemEnvelopeSchema),
    400: errorResponse('Bad body, bad name, a path too long, or the parent is a file', ['invalid_json', 'invalid_text', 'validation_failed', 'invalid_name', 'invalid_path', 'parent_not_folder']),
    403: forbiddenBelow('editor'),
    404: errorResponse('No such workspace, or no such parent in it', ['workspace_not_found', 'parent_not_found']),
    409: errorResponse(`${nameTaken}, or the workspace is full`, ['name_taken', 'item_limit']),
  }),
  signedInOperation('items', 'patch', '/api/workspaces/{id}/items/{itemId}', 'Rename and/or move an item; the paths of everything below a folder follow in one transaction', { params: itemParamsSchema, body: jsonBody(updateItemBodySchema) }, {
    200: jsonResponse('The item at its new place', itemEnvelopeSchema),
    400: errorResponse('Bad body or name, a move into itself or below, a path too long, or the parent is a file', ['invalid_json', 'invalid_text', 'validation_failed', 'invalid_name', 'invalid_move', 'invalid_path', 'parent_not_folder']),
    403: forbiddenBelow('editor'),
    404: errorResponse('No such workspace, item or parent', ['workspace_not_found', 'item_not_found', 'parent_not_found']),
    409: errorResponse(nameTaken, ['name_taken']),
  }),
  signedInOperation('items', 'delete', '/api/workspaces/{id}/items/{itemId}', 'Delete an item; a folder with everything in it. Live editors of deleted files are disconnected (4404)', { params: itemParamsSchema }, {
    204: noContent,
    403: forbiddenBelow('editor'),
    404: errorResponse('No such workspace or item', ['workspace_not_found', 'item_not_found']),
  }),

  signedInOperation('files', 'get', '/api/workspaces/{id}/files/{path}', "A file's current text (from the live document when it is open)", { params: fileParamsSchema }, {
    200: { description: 'The text', content: text },
    400: badPath,
    404: noFile,
    409: errorResponse('The path names a folder', ['is_a_folder']),
  }),
  signedInOperation('files', 'put', '/api/workspaces/{id}/files/{path}', 'Create a file (and missing folders above it), or replace its text as a minimal diff of its live document', {
    params: fileParamsSchema,
    body: { required: true, description: 'The whole new text, UTF-8; any content type', content: { '*/*': { schema: fileTextSchema } } },
  }, {
    200: jsonResponse('Replaced', fileReplacedSchema),
    201: jsonResponse('Created', fileCreatedSchema),
    400: errorResponse('A bad path or name in it (see GET), or a body that is not UTF-8 or holds a NUL (U+0000)', ['invalid_path', 'invalid_name', 'invalid_encoding', 'invalid_text']),
    403: forbiddenBelow('editor'),
    404: notMember,
    409: errorResponse('The path names a folder, a folder on the way is a file, or the workspace is full', ['is_a_folder', 'not_a_folder', 'item_limit']),
    413: errorResponse(
      "The body exceeds the file size limit (TANDEM_MAX_FILE_BYTES, default 8 MiB), or the file's document would exceed its limit (TANDEM_MAX_DOCUMENT_BYTES of Yjs state, default 32 MiB; the document keeps its text)",
      ['payload_too_large', 'document_too_large'],
    ),
    503: errorResponse(
      'The database cannot be reached, or the server holds TANDEM_MAX_UNSAVED_BYTES of unsaved changes already (a slow database); retry after `Retry-After` seconds',
      ['database_unavailable', 'unsaved_limit'],
      retryAfter('Seconds to wait before retrying'),
    ),
  }),
  signedInOperation('files', 'delete', '/api/workspaces/{id}/files/{path}', 'Delete a file by path', { params: fileParamsSchema }, {
    204: noContent,
    400: badPath,
    403: forbiddenBelow('editor'),
    404: noFile,
    409: errorResponse('The path names a folder (delete folders through the items API)', ['is_a_folder']),
  }),

  signedInOperation('files', 'post', '/api/workspaces/{id}/run', "Run a command in the workspace's environment (started if needed) to completion; answers once the files it changed are back in the workspace", { params: workspaceParamsSchema, body: jsonBody(runBodySchema) }, {
    200: jsonResponse('The command finished', runResultSchema),
    400: badInput,
    403: forbiddenBelow('editor'),
    404: notMember,
    413: tooLarge,
    503: errorResponse(
      'The environment could not start or was stopped, the sandbox cannot run on this machine, files could not be pushed or pulled back, the server is stopping, another replica took the environment over or the one that owns it cannot be reached (retry), or the database cannot be reached',
      ['environment_failed', 'environment_stopped', 'sandbox_unavailable', 'push_failed', 'pull_failed', 'shutting_down', 'fenced', 'owned_elsewhere', 'owner_unavailable', 'database_unavailable'],
    ),
    504: errorResponse('The command did not finish within TANDEM_RUN_TIMEOUT_MS (default 5 min)', ['command_timeout']),
  }),
];
