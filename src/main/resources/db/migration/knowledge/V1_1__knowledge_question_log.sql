-- Questions the service declined or was unsure about: the editors' work list for new phrasings.
CREATE TABLE knowledge_question_log (
    id            BIGSERIAL PRIMARY KEY,
    asked_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    question      TEXT        NOT NULL,
    openid_hash   VARCHAR(64),
    best_entry_id VARCHAR(100),
    score         DOUBLE PRECISION NOT NULL,
    outcome       VARCHAR(16) NOT NULL
);
CREATE INDEX knowledge_question_log_asked_at ON knowledge_question_log (asked_at DESC);
