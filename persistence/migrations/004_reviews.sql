-- Reviews, part 1: review requests, their append-only hash-chained audit trail, and the
-- audited changes of reviewer levels (server/src/reviews/). Times are timestamptz(3):
-- milliseconds, so a time read back as epoch milliseconds is exactly what was stored
-- (the event hash covers created_at, and the list cursor carries it).

CREATE TYPE review_priority AS ENUM ('low', 'medium', 'high', 'urgent'); -- declared in sort order
CREATE TYPE review_status AS ENUM ('pending', 'in_review', 'changes_requested', 'approved', 'rejected', 'withdrawn');
CREATE TYPE review_event_kind AS ENUM (
  'submitted', 'assigned', 'claimed', 'started', 'changes_requested', 'approved', 'rejected', 'withdrawn', 'rerequested', 'handed_back'
);

CREATE TABLE review_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  author_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- Null: waiting in the unassigned queue.
  reviewer_id uuid NULL REFERENCES users (id) ON DELETE SET NULL,
  title text NOT NULL CONSTRAINT review_requests_title_check CHECK (char_length(title) BETWEEN 1 AND 200),
  description text NOT NULL DEFAULT '',
  priority review_priority NOT NULL,
  status review_status NOT NULL DEFAULT 'pending',
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  last_assigned_at timestamptz(3) NULL,
  CONSTRAINT review_requests_not_own CHECK (reviewer_id IS NULL OR reviewer_id <> author_id)
);
-- The dashboard: assigned to me by status; the queue and every list by priority then age.
CREATE INDEX review_requests_reviewer_status_idx ON review_requests (reviewer_id, status);
CREATE INDEX review_requests_status_priority_created_idx ON review_requests (status, priority, created_at);
CREATE INDEX review_requests_author_id_idx ON review_requests (author_id, status);
CREATE INDEX review_requests_workspace_id_idx ON review_requests (workspace_id);

-- Append-only: each event stores the hash of the one before (prev_hash, null for seq 1)
-- and its own, over a canonical encoding of its fields (server/src/reviews/event-chain.ts).
CREATE TABLE review_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  review_id uuid NOT NULL REFERENCES review_requests (id) ON DELETE CASCADE,
  seq integer NOT NULL CONSTRAINT review_events_seq_check CHECK (seq >= 1),
  actor_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind review_event_kind NOT NULL,
  from_status review_status NULL,
  to_status review_status NOT NULL,
  note text NOT NULL DEFAULT '',
  created_at timestamptz(3) NOT NULL,
  prev_hash text NULL,
  hash text NOT NULL,
  CONSTRAINT review_events_review_seq_key UNIQUE (review_id, seq)
);

-- Rows are never changed: an UPDATE is refused. (Deleting goes with the request, and
-- the workspace; anyone who goes around this as the table's owner is what the hash
-- chain is for.)
CREATE FUNCTION review_events_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'review_events is append-only';
END;
$$;
CREATE TRIGGER review_events_append_only BEFORE UPDATE ON review_events
  FOR EACH ROW EXECUTE FUNCTION review_events_refuse_update();

-- Every change of a user's reviewer level (PATCH /api/users/me).
CREATE TABLE reviewer_level_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  from_level smallint NOT NULL,
  to_level smallint NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX reviewer_level_events_user_id_idx ON reviewer_level_events (user_id, created_at);
