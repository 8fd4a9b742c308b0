-- A staff session carries the account's session_version from its sign-in; every console request
-- compares it with this column, so disabling, a role or unit change and a password change (each bumps
-- it) end the account's open sessions at once, on every instance.
ALTER TABLE console_user
    ADD COLUMN session_version      INTEGER NOT NULL DEFAULT 0,
    -- The first admin (created from config with a password someone typed into a deployment) must
    -- choose their own before the console opens for them.
    ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;
