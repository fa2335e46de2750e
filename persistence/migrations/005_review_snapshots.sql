-- Reviews: what each submission, re-request and verdict was given on. Every file of the
-- workspace at that moment: its path and its whole encoded Yjs state (a state vector
-- alone cannot rebuild the old text once deleted text is garbage-collected), so
-- `GET /api/reviews/:id/changes` can diff against it after the file changed, moved or
-- went (server/src/reviews/snapshot.ts, changes.ts).

-- States are stored once per content (sha-256 of the encoded state): ten snapshots of
-- an unchanged file cost one copy.
CREATE TABLE review_blobs (
  hash bytea PRIMARY KEY CONSTRAINT review_blobs_hash_check CHECK (octet_length(hash) = 32),
  state bytea NOT NULL
);

-- One per event that has a snapshot (so a workspace without files has one too).
CREATE TABLE review_snapshots (
  event_id uuid PRIMARY KEY REFERENCES review_events (id) ON DELETE CASCADE
);

CREATE TABLE review_snapshot_files (
  event_id uuid NOT NULL REFERENCES review_snapshots (event_id) ON DELETE CASCADE,
  -- No reference to workspace_items: the snapshot outlives the file.
  item_id uuid NOT NULL,
  path text NOT NULL,
  -- RESTRICT: a blob goes only once nothing refers to it (the trigger below).
  blob_hash bytea NOT NULL REFERENCES review_blobs (hash) ON DELETE RESTRICT,
  -- Y.encodeSnapshot: the state vector and the delete set. Equal to the current one
  -- exactly when nothing was inserted or deleted since (a state vector alone misses
  -- deletions): the cheap test of "changed since", without decoding any state.
  yjs_snapshot bytea NOT NULL,
  PRIMARY KEY (event_id, item_id)
);
-- The trigger's "is it still referenced?".
CREATE INDEX review_snapshot_files_blob_hash_idx ON review_snapshot_files (blob_hash);

-- Snapshot rows go with their event (the review, the workspace, the author's account);
-- the blobs they alone held go with them, in the same statement. A snapshot being
-- written locks its blobs (insertSnapshot upserts them), so they are skipped here
-- (SKIP LOCKED). Should its reference commit between this statement's snapshot and the
-- lock, the RESTRICT reference refuses the delete: that deletion fails and may be
-- retried, and a snapshot never loses its state. (Only identical states are shared,
-- across reviews and workspaces: in practice the empty document's.)
CREATE FUNCTION review_blobs_collect() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM review_blobs b
  WHERE b.hash IN (
    SELECT c.hash FROM review_blobs c
    WHERE c.hash IN (SELECT DISTINCT blob_hash FROM gone)
      AND NOT EXISTS (SELECT 1 FROM review_snapshot_files f WHERE f.blob_hash = c.hash)
    FOR UPDATE SKIP LOCKED
  );
  RETURN NULL;
END;
$$;
CREATE TRIGGER review_snapshot_files_collect AFTER DELETE ON review_snapshot_files
  REFERENCING OLD TABLE AS gone
  FOR EACH STATEMENT EXECUTE FUNCTION review_blobs_collect();
