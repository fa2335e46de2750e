-- Tandem's first schema: accounts, workspaces, their files, and the Yjs update log.
-- Constraint and index names are part of the API: queries and error handling match on them.

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username text NOT NULL CONSTRAINT users_username_key UNIQUE,
  email text NOT NULL,
  password_hash text NOT NULL,
  reviewer_level smallint NOT NULL DEFAULT 0 CONSTRAINT users_reviewer_level_check CHECK (reviewer_level BETWEEN 0 AND 4),
  created_at timestamptz NOT NULL DEFAULT now()
);
-- Emails are unique regardless of case; a 23505 on this index names it like a constraint.
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

-- lucia v3 sessions: id is the sha-256 hex of the cookie token, never the token itself.
CREATE TABLE auth_sessions (
  id text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL
);
CREATE INDEX auth_sessions_user_id_idx ON auth_sessions (user_id);

CREATE TABLE api_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name text NOT NULL,
  token_hash bytea NOT NULL CONSTRAINT api_tokens_token_hash_key UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz NULL
);
CREATE INDEX api_tokens_user_id_idx ON api_tokens (user_id);

CREATE TABLE workspaces (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name text NOT NULL,
  language text NOT NULL DEFAULT 'python',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  last_activity_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX workspaces_owner_id_idx ON workspaces (owner_id);

-- The owner is not a row here: ownership is workspaces.owner_id.
CREATE TABLE workspace_members (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role text NOT NULL CONSTRAINT workspace_members_role_check CHECK (role IN ('editor', 'viewer')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, user_id)
);
CREATE INDEX workspace_members_user_id_idx ON workspace_members (user_id);

CREATE TABLE workspace_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  parent_id uuid NULL REFERENCES workspace_items (id) ON DELETE CASCADE,
  name text NOT NULL,
  type text NOT NULL CONSTRAINT workspace_items_type_check CHECK (type IN ('file', 'folder')),
  path text NOT NULL,
  -- The text, kept current (batched) for every reader that is not a Yjs client.
  content text NOT NULL DEFAULT '',
  -- The compacted Yjs document, and the last update-log seq folded into it.
  yjs_state bytea NULL,
  yjs_state_seq bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- NULLS NOT DISTINCT: two top-level items (parent_id NULL) may not share a name either.
  CONSTRAINT workspace_items_name_key UNIQUE NULLS NOT DISTINCT (workspace_id, parent_id, name),
  CONSTRAINT workspace_items_path_key UNIQUE (workspace_id, path)
);
CREATE INDEX workspace_items_parent_id_idx ON workspace_items (parent_id);

-- Append-only Yjs update log: every accepted update lands here (group commit) until
-- compaction folds it into workspace_items.yjs_state. Deleting an item cascades here.
CREATE TABLE document_updates (
  seq bigserial PRIMARY KEY,
  item_id uuid NOT NULL REFERENCES workspace_items (id) ON DELETE CASCADE,
  "update" bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX document_updates_item_id_seq_idx ON document_updates (item_id, seq);
-- Yjs updates are already compact binary; pglz would spend CPU for little gain on the large ones.
ALTER TABLE document_updates ALTER COLUMN "update" SET STORAGE EXTERNAL;
