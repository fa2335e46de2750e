-- Code review, part 2: comment threads anchored to Yjs relative positions (issue 11;
-- server/src/threads/, server/src/api/thread-routes.ts).
--
-- A thread's anchor lives here, not in the document, so commenting needs no write access
-- to the code. `item_id` has NO foreign key: deleting a file never deletes its threads;
-- they keep their path and quote and show as `file-level` (the server sees the item is
-- gone). A whole-file thread has no anchor (both ends null) and an empty quote.
--
-- Limits (named in @tandem/protocol's threads.ts too; the server checks them first, with
-- clear errors, these are the last word): body <= 10,000 characters, suggestion <=
-- 20,000, quote <= 20,000 (MAX_QUOTE_CHARS of @tandem/anchors), a draft's body and
-- suggestion together <= 30,000. Counts (10,000 threads per workspace, 500 comments per
-- thread, 200 drafts per user) are checked by the server under a lock.

CREATE TABLE comment_threads (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  item_id uuid NOT NULL,
  -- The path when made, shown once the item is gone (while it exists, its own path is shown).
  path text NOT NULL,
  review_id uuid NULL REFERENCES review_requests (id) ON DELETE SET NULL,
  -- Kept (as null) when the account is deleted: the thread belongs to everyone in it.
  author_id uuid NULL REFERENCES users (id) ON DELETE SET NULL,
  anchor_start bytea NULL,
  anchor_end bytea NULL,
  quote text NOT NULL DEFAULT '' CONSTRAINT comment_threads_quote_check CHECK (char_length(quote) <= 20000),
  prefix text NOT NULL DEFAULT '' CONSTRAINT comment_threads_prefix_check CHECK (char_length(prefix) <= 64),
  suffix text NOT NULL DEFAULT '' CONSTRAINT comment_threads_suffix_check CHECK (char_length(suffix) <= 64),
  -- Where the range was when made (1-based; the end on its last character's line), for re-attaching.
  start_line integer NULL,
  start_column integer NULL,
  end_line integer NULL,
  end_column integer NULL,
  resolved_at timestamptz(3) NULL,
  resolved_by uuid NULL REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  CONSTRAINT comment_threads_anchor_check CHECK ((anchor_start IS NULL) = (anchor_end IS NULL)),
  CONSTRAINT comment_threads_lines_check CHECK ((anchor_start IS NULL) = (start_line IS NULL))
);
-- The list of a workspace, oldest first, a page at a time (keyset on created_at, id).
CREATE INDEX comment_threads_workspace_idx ON comment_threads (workspace_id, created_at, id);
CREATE INDEX comment_threads_item_idx ON comment_threads (workspace_id, item_id);
CREATE INDEX comment_threads_review_idx ON comment_threads (review_id);

CREATE TABLE thread_comments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  thread_id uuid NOT NULL REFERENCES comment_threads (id) ON DELETE CASCADE,
  author_id uuid NULL REFERENCES users (id) ON DELETE SET NULL,
  body text NOT NULL CONSTRAINT thread_comments_body_check CHECK (char_length(body) <= 10000),
  suggestion text NULL CONSTRAINT thread_comments_suggestion_check CHECK (char_length(suggestion) <= 20000),
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  edited_at timestamptz(3) NULL,
  -- A deleted comment stays in its thread as "deleted" (not a hole), its text cleared.
  deleted_at timestamptz(3) NULL,
  applied_at timestamptz(3) NULL,
  applied_by uuid NULL REFERENCES users (id) ON DELETE SET NULL,
  CONSTRAINT thread_comments_deleted_check CHECK (deleted_at IS NULL OR (body = '' AND suggestion IS NULL))
);
CREATE INDEX thread_comments_thread_idx ON thread_comments (thread_id, created_at, id);

-- The audit of what moved or closed a thread: resolve, reopen, re-attach, a suggestion applied.
CREATE TABLE thread_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  thread_id uuid NOT NULL REFERENCES comment_threads (id) ON DELETE CASCADE,
  actor_id uuid NULL REFERENCES users (id) ON DELETE SET NULL,
  kind text NOT NULL CONSTRAINT thread_events_kind_check CHECK (kind IN ('resolved', 'reopened', 'reattached', 'suggestion_applied')),
  comment_id uuid NULL REFERENCES thread_comments (id) ON DELETE SET NULL,
  old_start bytea NULL,
  old_end bytea NULL,
  new_start bytea NULL,
  new_end bytea NULL,
  -- What the kind needs beyond the anchors: the old and new quote and lines, how a re-attach was found,
  -- the texts a suggestion replaced (quote, replaced and suggestion: up to 3 x 20,000 characters of UTF-8).
  data jsonb NOT NULL DEFAULT '{}' CONSTRAINT thread_events_data_check CHECK (jsonb_typeof(data) = 'object' AND pg_column_size(data) <= 262144),
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX thread_events_thread_idx ON thread_events (thread_id, id);

-- A comment being written, saved within a second of typing: private to its user until posted.
-- `key` is the client's: `new:<itemId>:<uuid>` for a new thread, `reply:<threadId>` for a reply.
CREATE TABLE comment_drafts (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  key text NOT NULL CONSTRAINT comment_drafts_key_check CHECK (key ~ '^[A-Za-z0-9:._-]{1,200}$'),
  item_id uuid NULL,
  thread_id uuid NULL REFERENCES comment_threads (id) ON DELETE CASCADE,
  range jsonb NULL CONSTRAINT comment_drafts_range_check CHECK (range IS NULL OR pg_column_size(range) <= 4096),
  body text NOT NULL,
  suggestion text NULL,
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, workspace_id, key),
  CONSTRAINT comment_drafts_size_check CHECK (char_length(body) + coalesce(char_length(suggestion), 0) <= 30000)
);
CREATE INDEX comment_drafts_workspace_idx ON comment_drafts (workspace_id);
CREATE INDEX comment_drafts_thread_idx ON comment_drafts (thread_id);

-- Part 1's inbox learns the comment kinds (006 said: replace the constraint to add one).
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN (
  'review_assigned', 'review_claimed', 'review_started', 'review_verdict', 'review_handed_back', 'review_withdrawn', 'review_rerequested',
  'comment_reply', 'comment_mention', 'review_thread'
));
