-- Knowledge entries edited in the staff console. The files in knowledge/ stay the version-controlled
-- base; every console change adds a row here (never updated or deleted). The latest version of an
-- entry replaces the file entry with the same id; a disabled latest version takes it out of service.
-- Every instance polls count(*)/max(id) and rebuilds its index when they change.
CREATE TABLE knowledge_entry_version (
    id          BIGSERIAL    PRIMARY KEY,
    entry_id    VARCHAR(100) NOT NULL,
    version     INT          NOT NULL CHECK (version > 0),   -- the file text is version 0
    topic       VARCHAR(100) NOT NULL,
    question    TEXT         NOT NULL,
    phrasings   TEXT         NOT NULL,                       -- one per line
    answer      TEXT         NOT NULL,
    tags        TEXT         NOT NULL DEFAULT '',             -- one per line
    source      TEXT         NOT NULL DEFAULT '',
    enabled     BOOLEAN      NOT NULL,
    -- Hash of the file entry this version was edited from (null: no file had it). If the file entry
    -- has changed since (exported, committed and edited again in git), the file serves instead.
    based_on    VARCHAR(32),
    note        VARCHAR(200),
    edited_by   VARCHAR(60)  NOT NULL,
    edited_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    -- Two editors saving the same base version: the second insert fails and is told to reload.
    CONSTRAINT knowledge_entry_version_unique UNIQUE (entry_id, version)
);

-- The curation queue: a logged question is handled once an editor made it a phrasing or an entry,
-- or dismissed it. Later askings are new rows and come back unless the question was dismissed.
ALTER TABLE knowledge_question_log ADD COLUMN handled VARCHAR(16);
ALTER TABLE knowledge_question_log ADD COLUMN handled_at TIMESTAMPTZ;
-- (Not on the question itself: a long question would exceed the btree row limit and fail the insert.)
CREATE INDEX knowledge_question_log_open ON knowledge_question_log (asked_at) WHERE handled IS NULL;

-- Dismissed questions by normalised text: they stay out of the queue however often they are asked.
CREATE TABLE knowledge_question_dismissal (
    question_key VARCHAR(300) PRIMARY KEY,                  -- normalised, cut to 300 characters
    sample       TEXT         NOT NULL,
    dismissed_by VARCHAR(60)  NOT NULL,
    dismissed_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);
