-- Who owns each workspace's execution environment (issue 14): one replica at a time
-- pushes, pulls, starts, stops and holds terminals. `epoch` grows with every change of
-- owner and is never reset (the row is kept when a lease is given up), so an
-- environment that remembers the highest epoch it saw refuses writes from an older
-- owner. Times are PostgreSQL's: replicas' clocks never decide who owns what.
CREATE TABLE environment_leases (
  workspace_id uuid PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
  owner_id text NOT NULL,
  -- How other replicas reach the owner's internal listener (forwarded terminals).
  owner_address text NOT NULL,
  epoch bigint NOT NULL,
  acquired_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
-- Renewal is one UPDATE per replica (WHERE owner_id = $1), not one per workspace.
CREATE INDEX environment_leases_owner ON environment_leases (owner_id);
