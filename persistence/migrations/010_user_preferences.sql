-- Editor preferences per user (theme, vim mode, font size, word wrap), read with
-- GET /api/auth/me and changed with PATCH /api/users/me. Only the keys the user chose
-- are stored; the protocol package's schema supplies the defaults of the rest
-- (protocol/src/http/preferences.ts), so a default can change without a migration.
-- A change is merged in place (`preferences || patch`), so two tabs changing different
-- keys at once both keep theirs.
ALTER TABLE users ADD COLUMN preferences jsonb NOT NULL DEFAULT '{}'::jsonb
  CONSTRAINT users_preferences_object CHECK (jsonb_typeof(preferences) = 'object');
