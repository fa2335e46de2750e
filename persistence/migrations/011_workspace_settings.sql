-- The Run button's command per file extension (IDE issue 12), set by the workspace's
-- owner. NULL: the defaults (protocol's DEFAULT_RUN_COMMANDS), so a change of defaults
-- reaches every workspace whose owner never chose.
ALTER TABLE workspaces ADD COLUMN run_commands jsonb;
