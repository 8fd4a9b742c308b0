-- Staff accounts of the console. Passwords are stored as delegating-encoder hashes ({bcrypt}…).
CREATE TABLE console_user (
    id            BIGSERIAL PRIMARY KEY,
    username      VARCHAR(60)  NOT NULL UNIQUE,
    password_hash VARCHAR(200) NOT NULL,
    display_name  VARCHAR(60)  NOT NULL,
    role          VARCHAR(20)  NOT NULL,          -- StaffRole
    unit_name     VARCHAR(100),                   -- the 责任单位 of a HANDLER
    enabled       BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT handler_has_unit CHECK (role <> 'HANDLER' OR unit_name IS NOT NULL)
);

-- Every staff action: who, what, which object, before and after, when.
CREATE TABLE console_audit (
    id          BIGSERIAL PRIMARY KEY,
    at          TIMESTAMPTZ  NOT NULL DEFAULT now(),
    username    VARCHAR(60)  NOT NULL,
    action      VARCHAR(60)  NOT NULL,
    object_type VARCHAR(30)  NOT NULL,
    object_id   VARCHAR(100),
    before_value TEXT,
    after_value  TEXT
);
CREATE INDEX console_audit_by_time ON console_audit (at DESC);
CREATE INDEX console_audit_by_object ON console_audit (object_type, object_id);
