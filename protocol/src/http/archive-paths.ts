/** The operations of workspace archives (server/src/api/archive-routes.ts). */
import type { RouteConfig } from '@asteasolutions/zod-to-openapi';
import { archiveQuerySchema, importQuerySchema, importResultSchema, LEFT_OUT_HEADER } from './archives';
import { errorResponse, jsonResponse, notMember, signedInOperation } from './responses';
import { workspaceParamsSchema } from './workspaces';

const binary = { schema: { type: 'string' as const, format: 'binary' } };

export const archivePaths: RouteConfig[] = [
  signedInOperation('workspaces', 'get', '/api/workspaces/{id}/archive', 'Download the workspace as a .zip or .tar.gz: every file at its path with its current text, every folder (empty ones too). Any role that reads files', {
    params: workspaceParamsSchema,
    query: archiveQuerySchema,
  }, {
    200: {
      description: `The archive, named after the workspace in \`Content-Disposition\`. Binary files a command wrote are not in it (the server holds no bytes for them, only the environment): \`${LEFT_OUT_HEADER}\` counts them`,
      headers: { [LEFT_OUT_HEADER]: { description: 'Files left out (binary placeholders)', schema: { type: 'integer' } } },
      content: { 'application/zip': binary, 'application/gzip': binary },
    },
    400: errorResponse('`format` is neither `zip` nor `tar.gz`', ['validation_failed']),
    404: notMember,
    413: errorResponse('The workspace holds more text than a download is built from (256 MiB)', ['archive_too_large']),
  }),
  signedInOperation('workspaces', 'post', '/api/workspaces/import', 'Create a workspace from an uploaded .zip or .tar.gz (the raw body; the format is read from its first bytes). All or nothing: a refused archive creates nothing. You are its owner', {
    query: importQuerySchema,
    body: { required: true, description: 'The archive, at most 32 MiB; any content type (the format is read from its first bytes)', content: { '*/*': binary } },
  }, {
    201: jsonResponse('Created, with what was skipped', importResultSchema),
    400: errorResponse(
      'A bad `name`; an archive that cannot be read (truncated, damaged, a bad checksum, ZIP64, encrypted, compressed other than deflate); a path that would leave the workspace (absolute, `..`, a backslash, a drive letter); a name the tree refuses; a path given twice or both a file and a folder; a device, FIFO or other special file',
      ['validation_failed', 'archive_corrupt', 'archive_unsafe_path', 'archive_invalid_name', 'archive_duplicate_path', 'archive_special_file'],
    ),
    409: errorResponse('You own the maximum number of workspaces', ['workspace_limit']),
    413: errorResponse(
      'The upload exceeds 32 MiB; it holds more than 100000 entries or more files and folders than a workspace (TANDEM_MAX_ITEMS_PER_WORKSPACE); a file exceeds TANDEM_MAX_FILE_BYTES; it inflates to more than 128 MiB (counted while inflating)',
      ['payload_too_large', 'archive_too_many_entries', 'archive_file_too_large', 'archive_too_large'],
    ),
    415: errorResponse('Neither a .zip nor a .tar.gz', ['archive_unsupported_type']),
  }),
];
