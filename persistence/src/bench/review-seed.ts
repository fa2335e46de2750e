/**
 * Writes a review history (review-history.ts) into an empty, migrated database in a few
 * bulk statements (`unnest` of arrays, events in chunks), then VACUUM ANALYZE so the
 * planner and the visibility map are what a live database would have. Seconds for
 * 100,000 events, instead of the minutes that many API calls would take.
 *
 * Each user gets a workspace of their own, where their requests are. Event hashes are
 * sha-256 links, not the server's canonical encoding (server/src/reviews/event-chain.ts):
 * `?verify=1` reports a seeded chain as broken; the benchmark never verifies.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Database } from '../database';
import type { History } from './review-history';

export interface Seeded {
  userIds: string[];
  /** The workspace of each user, by user index. */
  workspaceIds: string[];
  requestIds: string[];
}

const EVENT_CHUNK = 20_000;

export async function seedReviewHistory(db: Database, history: History): Promise<Seeded> {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const userIds = history.users.map(() => randomUUID());
  const workspaceIds = history.users.map(() => randomUUID());
  const requestIds = history.requests.map(() => randomUUID());
  const q = (text: string, values: unknown[]) => db.raw.query(text, values);

  await q(
    `INSERT INTO users (id, username, email, password_hash, reviewer_level)
     SELECT id, username, username || '@example.test', 'x', level FROM unnest($1::uuid[], $2::text[], $3::smallint[]) AS t (id, username, level)`,
    [userIds, history.users.map((u) => u.username), history.users.map((u) => u.level)],
  );
  await q(
    `INSERT INTO workspaces (id, owner_id, name) SELECT id, owner, 'bench' FROM unnest($1::uuid[], $2::uuid[]) AS t (id, owner)`,
    [workspaceIds, userIds],
  );
  const r = history.requests;
  await q(
    `INSERT INTO review_requests (id, workspace_id, author_id, reviewer_id, title, priority, status, created_at, updated_at, last_assigned_at)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::review_priority[], $7::review_status[],
                          $8::timestamptz[], $9::timestamptz[], $10::timestamptz[])`,
    [
      requestIds,
      r.map((x) => workspaceIds[x.author]),
      r.map((x) => userIds[x.author]),
      r.map((x) => (x.reviewer === null ? null : userIds[x.reviewer])),
      r.map((_, i) => `Change ${i}: ${['parser', 'tests', 'docs', 'refactor', 'fix'][i % 5]}`),
      r.map((x) => x.priority),
      r.map((x) => x.status),
      r.map((x) => iso(x.createdAt)),
      r.map((x) => iso(x.updatedAt)),
      r.map((x) => iso(x.lastAssignedAt)),
    ],
  );

  const columns = { review: [] as string[], seq: [] as number[], actor: [] as string[], kind: [] as string[], from: [] as (string | null)[], to: [] as string[], note: [] as string[], at: [] as string[], prev: [] as (string | null)[], hash: [] as string[] };
  const flush = async () => {
    if (columns.review.length === 0) return;
    await q(
      `INSERT INTO review_events (review_id, seq, actor_id, kind, from_status, to_status, note, created_at, prev_hash, hash)
       SELECT * FROM unnest($1::uuid[], $2::int[], $3::uuid[], $4::review_event_kind[], $5::review_status[], $6::review_status[],
                            $7::text[], $8::timestamptz[], $9::text[], $10::text[])`,
      [columns.review, columns.seq, columns.actor, columns.kind, columns.from, columns.to, columns.note, columns.at, columns.prev, columns.hash],
    );
    for (const list of Object.values(columns)) list.length = 0;
  };
  for (const [i, request] of r.entries()) {
    let prev: string | null = null;
    for (const [j, event] of request.events.entries()) {
      const note = event.kind === 'assigned' ? 'assigned (seeded)' : '';
      const hash: string = createHash('sha256').update(`${prev ?? ''}|${requestIds[i]}|${j + 1}|${event.kind}|${event.at}`).digest('hex');
      columns.review.push(requestIds[i]!);
      columns.seq.push(j + 1);
      columns.actor.push(userIds[event.actor]!);
      columns.kind.push(event.kind);
      columns.from.push(event.from);
      columns.to.push(event.to);
      columns.note.push(note);
      columns.at.push(new Date(event.at).toISOString());
      columns.prev.push(prev);
      columns.hash.push(hash);
      prev = hash;
    }
    if (columns.review.length >= EVENT_CHUNK) await flush();
  }
  await flush();
  // What the server keeps as it assigns (migration 009): each reviewer's latest assignment.
  await q(
    `UPDATE users u SET last_assigned_at = m.last
     FROM (SELECT reviewer_id, max(last_assigned_at) AS last FROM review_requests WHERE reviewer_id IS NOT NULL GROUP BY reviewer_id) m
     WHERE m.reviewer_id = u.id`,
    [],
  );
  await q('VACUUM ANALYZE', []);
  return { userIds, workspaceIds, requestIds };
}
