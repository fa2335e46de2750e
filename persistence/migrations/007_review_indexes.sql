-- Reviews, the read side: what the dashboard list, its tab counts, automatic assignment
-- and the reviewer directory answer from (persistence/src/queries/review-list.ts,
-- reviews.ts `listReviewerCandidates`, reviewer-directory.ts). Measured with
-- `npm run bench:reviews` (10,000 requests, 500 reviewers, 100,000 events).

-- The dashboard's order is priority (urgent first), then age, then id: each list reads
-- its rows in that order from one of these and stops at the page's end, instead of
-- sorting everything the user has.
CREATE INDEX review_requests_author_order_idx ON review_requests (author_id, priority DESC, created_at, id);
CREATE INDEX review_requests_reviewer_order_idx ON review_requests (reviewer_id, priority DESC, created_at, id);
-- The workspace page's list; also serves the foreign key's cascade, as the index it replaces did.
CREATE INDEX review_requests_workspace_order_idx ON review_requests (workspace_id, priority DESC, created_at, id);
DROP INDEX review_requests_workspace_id_idx;
-- The unassigned queue is a small part of the table (pending, nobody assigned): a partial
-- index holds only it, for the queue tab and its count (which also needs the author:
-- nobody's queue holds their own requests).
CREATE INDEX review_requests_queue_idx ON review_requests (priority DESC, created_at, id) INCLUDE (author_id)
  WHERE reviewer_id IS NULL AND status = 'pending';

-- Automatic assignment reads, for each candidate, their open reviews and their latest
-- assignment: one range of this index each, from the index alone.
CREATE INDEX review_requests_reviewer_load_idx ON review_requests (reviewer_id) INCLUDE (status, last_assigned_at);

-- The directory lists reviewers (level 1 or more) by username, bytewise (COLLATE "C":
-- the same order, and cursor, whatever locale the cluster was made with); most users
-- are not reviewers, so the default listing reads only theirs. A level filter reads its level.
CREATE INDEX users_reviewers_username_idx ON users (username COLLATE "C") WHERE reviewer_level >= 1;
CREATE INDEX users_reviewer_level_username_idx ON users (reviewer_level, username COLLATE "C");

-- The directory's figures, one row per assignment (an `assigned` or `claimed` event),
-- kept by a trigger as events are appended. Why a table: pairing each response with the
-- assignment it answers, at read time, took ~100 ms for a page of 50 reviewers over
-- 100,000 events (three look-ups among a request's events per response); from here it
-- is one short index range per reviewer. Derived data: it can be rebuilt from
-- review_events at any time with the backfill below.
--   reviewer_id: the assignee, known at their first response (only the assigned
--     reviewer starts, gives a verdict or hands back; the `assigned` event's own actor
--     is whoever caused it). Null until then.
--   first_response_at: their first `started`, verdict or `handed_back`;
--   first_verdict_at: their first `changes_requested`, `approved` or `rejected`;
--   completed_at: their `approved` or `rejected` (a request has at most one).
-- Each belongs to the request's latest assignment before the event.
CREATE TABLE review_assignments (
  review_id uuid NOT NULL REFERENCES review_requests (id) ON DELETE CASCADE,
  seq integer NOT NULL,
  assigned_at timestamptz(3) NOT NULL,
  reviewer_id uuid NULL REFERENCES users (id) ON DELETE CASCADE,
  first_response_at timestamptz(3) NULL,
  first_verdict_at timestamptz(3) NULL,
  completed_at timestamptz(3) NULL,
  PRIMARY KEY (review_id, seq)
);
CREATE INDEX review_assignments_reviewer_idx ON review_assignments (reviewer_id)
  INCLUDE (assigned_at, first_response_at, first_verdict_at, completed_at) WHERE reviewer_id IS NOT NULL;

-- No event may be appended between the backfill and the trigger (a server still running
-- the previous version): held until this migration commits.
LOCK TABLE review_events IN SHARE MODE;

INSERT INTO review_assignments (review_id, seq, assigned_at, reviewer_id, first_response_at, first_verdict_at, completed_at)
SELECT a.review_id, a.seq, a.created_at, response.actor_id, response.created_at, verdict.created_at, done.created_at
FROM review_events a
CROSS JOIN LATERAL (
  SELECT coalesce(min(n.seq), 2147483647) AS seq FROM review_events n
  WHERE n.review_id = a.review_id AND n.seq > a.seq AND n.kind IN ('assigned', 'claimed')
) next
LEFT JOIN LATERAL (
  SELECT e.actor_id, e.created_at FROM review_events e
  WHERE e.review_id = a.review_id AND e.seq > a.seq AND e.seq < next.seq
    AND e.kind IN ('started', 'changes_requested', 'approved', 'rejected', 'handed_back')
  ORDER BY e.seq LIMIT 1
) response ON true
LEFT JOIN LATERAL (
  SELECT e.created_at FROM review_events e
  WHERE e.review_id = a.review_id AND e.seq > a.seq AND e.seq < next.seq AND e.kind IN ('changes_requested', 'approved', 'rejected')
  ORDER BY e.seq LIMIT 1
) verdict ON true
LEFT JOIN LATERAL (
  SELECT e.created_at FROM review_events e
  WHERE e.review_id = a.review_id AND e.seq > a.seq AND e.seq < next.seq AND e.kind IN ('approved', 'rejected')
  ORDER BY e.seq LIMIT 1
) done ON true
WHERE a.kind IN ('assigned', 'claimed');

CREATE FUNCTION review_assignments_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.kind IN ('assigned', 'claimed') THEN
    INSERT INTO review_assignments (review_id, seq, assigned_at) VALUES (NEW.review_id, NEW.seq, NEW.created_at);
  ELSIF NEW.kind IN ('started', 'changes_requested', 'approved', 'rejected', 'handed_back') THEN
    UPDATE review_assignments a
    SET reviewer_id = coalesce(a.reviewer_id, NEW.actor_id),
        first_response_at = coalesce(a.first_response_at, NEW.created_at),
        first_verdict_at = CASE WHEN NEW.kind IN ('changes_requested', 'approved', 'rejected') THEN coalesce(a.first_verdict_at, NEW.created_at)
                                ELSE a.first_verdict_at END,
        completed_at = CASE WHEN NEW.kind IN ('approved', 'rejected') THEN NEW.created_at ELSE a.completed_at END
    WHERE a.review_id = NEW.review_id
      AND a.seq = (SELECT max(l.seq) FROM review_assignments l WHERE l.review_id = NEW.review_id AND l.seq < NEW.seq)
      -- Most responses change nothing (a second start, a later verdict): no row version for them.
      AND (a.first_response_at IS NULL
           OR (a.first_verdict_at IS NULL AND NEW.kind IN ('changes_requested', 'approved', 'rejected'))
           OR NEW.kind IN ('approved', 'rejected'));
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER review_events_track_assignments AFTER INSERT ON review_events
  FOR EACH ROW EXECUTE FUNCTION review_assignments_track();
