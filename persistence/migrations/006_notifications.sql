-- Notifications: each user's inbox (server/src/notifications/). One row per recipient
-- and thing that happened; the live message of each row is a NOTIFY sent by the same
-- INSERT (persistence/src/queries/notifications.ts), so no row is without one.
--
-- The shape is generic so that part 2 (comments, replies, mentions) only adds kinds:
-- `kind` is text checked against a list (replace the constraint to add one), what a
-- kind needs beyond the review, the actor and the event goes in `data` (a verdict now;
-- a comment id and excerpt later).
--
-- Retention: a user keeps the newest 1000 (NOTIFICATIONS_KEPT_PER_USER of
-- @tandem/protocol); the INSERT deletes what falls beyond, for the users it wrote to.

CREATE TABLE notifications (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind text NOT NULL CONSTRAINT notifications_kind_check CHECK (kind IN (
    'review_assigned', 'review_claimed', 'review_started', 'review_verdict', 'review_handed_back', 'review_withdrawn', 'review_rerequested'
  )),
  review_id uuid NULL REFERENCES review_requests (id) ON DELETE CASCADE,
  -- Who did it; kept (as null) when their account is deleted, the recipient's inbox is theirs.
  actor_id uuid NULL REFERENCES users (id) ON DELETE SET NULL,
  -- The review event it tells of: what makes writing a change's notifications idempotent.
  event_id uuid NULL REFERENCES review_events (id) ON DELETE CASCADE,
  data jsonb NOT NULL DEFAULT '{}' CONSTRAINT notifications_data_check CHECK (jsonb_typeof(data) = 'object' AND pg_column_size(data) <= 4096),
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  read_at timestamptz(3) NULL
);
-- The inbox, newest first, a page at a time (keyset on id).
CREATE INDEX notifications_user_id_idx ON notifications (user_id, id DESC);
-- Unread counts and the unread filter: only the unread rows are indexed.
CREATE INDEX notifications_unread_idx ON notifications (user_id, id DESC) WHERE read_at IS NULL;
-- One notification of a kind per event and recipient: a retried write adds nothing.
CREATE UNIQUE INDEX notifications_event_user_kind_key ON notifications (event_id, user_id, kind) WHERE event_id IS NOT NULL;
-- Deleting a user or review cascades here; these keep that from scanning the table.
CREATE INDEX notifications_review_id_idx ON notifications (review_id);
CREATE INDEX notifications_actor_id_idx ON notifications (actor_id);
