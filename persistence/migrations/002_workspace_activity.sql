-- When anyone last used a workspace's execution environment, through any replica.
-- Replicas that serve the same environment ask it before stopping it for idleness.
CREATE TABLE workspace_activity (
  workspace_id uuid PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
  last_active_at timestamptz NOT NULL
);
