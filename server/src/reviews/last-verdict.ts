/**
 * The latest verdict of a request as the review JSON shows it: its event, its kind, its
 * time, and (for one request) whether it went stale, the files having changed since
 * the snapshot it was given on. Lists get it with their rows (review-list.ts), without
 * `stale`: telling reads every file of every workspace on the page.
 */
import { listLastVerdicts, type LastVerdictRow } from '@tandem/persistence';
import type { ReviewVerdict } from '@tandem/protocol';
import type { CommonQueryMethods } from 'slonik';
import type { Documents } from '../context';
import { changedSince } from './review-changes';

const verdictJson = (row: LastVerdictRow): ReviewVerdict => ({ eventId: row.eventId, kind: row.kind, at: new Date(row.createdAt).toISOString() });

/** The request's latest verdict with `stale`; null before the first. A verdict without a snapshot leaves `stale` out. */
export async function lastVerdict(
  db: CommonQueryMethods,
  documents: Pick<Documents, 'readDocument'>,
  review: { id: string; workspaceId: string },
): Promise<ReviewVerdict | null> {
  const [row] = await listLastVerdicts(db, [review.id]);
  if (!row) return null;
  if (!row.hasSnapshot) return verdictJson(row);
  return { ...verdictJson(row), stale: await changedSince(db, documents, review.workspaceId, row.eventId) };
}
