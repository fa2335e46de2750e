-- Sign-in and registration attempts, counted per key in fixed windows, shared by every
-- replica (server/src/auth/attempt-limits.ts). A key is what is limited, such as
-- 'signin:user:alice' or 'signin:addr:203.0.113.9'. One row per key: when its window has
-- ended the next attempt starts a new one in place; rows of ended windows are pruned.
CREATE TABLE auth_attempts (
  key text PRIMARY KEY,
  attempts integer NOT NULL CHECK (attempts >= 0),
  window_ends_at timestamptz NOT NULL
);
CREATE INDEX auth_attempts_window_ends_at_idx ON auth_attempts (window_ends_at);
