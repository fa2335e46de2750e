/**
 * What the thread routes share: the thread a request names (after the role check, so a
 * stranger learns nothing of thread ids) and the translation, once, of the errors
 * anchoring and document changes raise into HTTP answers with stable codes.
 */
import { ItemNotFoundError } from '@tandem/persistence';
import type { Action } from '../auth/policy';
import type { AuthUser, Role, ServerContext } from '../context';
import { badRequest, conflict, HttpError, notFound, serviceUnavailable } from '../http/errors';
import type { RequestContext } from '../http/router';
import { DocumentTooLargeError } from '../sync/document-size';
import { UnsavedLimitError } from '../sync/unsaved-budget';
import { QuoteNotFoundError, RangeNotSyncedError } from '../threads/anchor-from-range';
import { ThreadRangeError } from '../threads/thread-range';
import { canonicalId } from '../workspace/names';
import { isUuid, requireRole } from './require-user';

export const threadNotFound = () => notFound('Thread', 'thread_not_found');
export const commentNotFound = () => notFound('Comment', 'comment_not_found');

export interface ThreadTarget {
  workspaceId: string;
  threadId: string;
  user: AuthUser;
  role: Role;
}

export async function threadTarget(ctx: ServerContext, req: RequestContext, action: Action): Promise<ThreadTarget> {
  const workspaceId = canonicalId(req.params.id!);
  const { user, role } = await requireRole(ctx, req, workspaceId, action);
  const threadId = canonicalId(req.params.threadId!);
  if (!isUuid(threadId)) throw threadNotFound();
  return { workspaceId, threadId, user, role };
}

/** Runs `work`, answering what anchoring and document changes refuse with their HTTP errors. */
export async function asHttpError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof ThreadRangeError) throw badRequest(err.code, err.message);
    if (err instanceof RangeNotSyncedError) throw conflict('range_not_synced', err.message);
    if (err instanceof QuoteNotFoundError) throw conflict('quote_not_found', err.message);
    if (err instanceof ItemNotFoundError) throw notFound('File', 'item_not_found');
    if (err instanceof DocumentTooLargeError) throw new HttpError(413, err.code, `The file's document would exceed ${err.limit} bytes`);
    if (err instanceof UnsavedLimitError) throw serviceUnavailable(err.code, err.message);
    throw err;
  }
}
