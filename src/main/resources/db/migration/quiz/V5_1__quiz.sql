-- 文明知识答题: the question bank (seeded from knowledge/quiz/, edited in the console), rounds and
-- answers (the record boards are rebuilt from), the 错题本, residents' community / 单位, campaigns.

CREATE TABLE quiz_question (
    id          VARCHAR(60)  PRIMARY KEY,
    type        VARCHAR(10)  NOT NULL,             -- SINGLE | MULTIPLE | JUDGE
    topic       VARCHAR(40)  NOT NULL,
    question    VARCHAR(300) NOT NULL,
    options     TEXT         NOT NULL,             -- JSON array of strings ([] for JUDGE)
    answer      VARCHAR(40)  NOT NULL,             -- correct option indices "0,2", or "true"/"false" for JUDGE
    entry_id    VARCHAR(80)  NOT NULL,             -- the knowledge entry it teaches
    explanation VARCHAR(300) NOT NULL,
    difficulty  SMALLINT     NOT NULL,
    enabled     BOOLEAN      NOT NULL DEFAULT TRUE,
    source      VARCHAR(10)  NOT NULL,             -- file | console: a console edit is never overwritten by the files
    updated_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX quiz_question_text ON quiz_question (question);

CREATE TABLE quiz_campaign (
    id        BIGSERIAL    PRIMARY KEY,
    name      VARCHAR(60)  NOT NULL,
    topics    VARCHAR(300) NOT NULL,               -- comma-separated topic filter; empty = all
    starts_at TIMESTAMPTZ  NOT NULL,
    ends_at   TIMESTAMPTZ  NOT NULL,
    created_by VARCHAR(60) NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- A resident's community/网格 (bound once; changing needs a confirmation) and optional 单位 code.
CREATE TABLE quiz_resident (
    openid         VARCHAR(64) PRIMARY KEY,
    openid_hash    VARCHAR(40) NOT NULL UNIQUE,
    app_id         VARCHAR(32) NOT NULL,
    community_code VARCHAR(40),
    unit_code      VARCHAR(40),
    display_name   VARCHAR(20),                    -- the name printed on certificates
    bound_at       TIMESTAMPTZ
);

CREATE TABLE quiz_round (
    id           BIGSERIAL   PRIMARY KEY,
    openid       VARCHAR(64) NOT NULL,
    openid_hash  VARCHAR(40) NOT NULL,               -- the leaderboards' member name
    app_id       VARCHAR(32) NOT NULL,
    mode         VARCHAR(10) NOT NULL,             -- DAILY | PRACTICE | CAMPAIGN
    campaign_id  BIGINT REFERENCES quiz_campaign (id),
    day          DATE        NOT NULL,             -- the city's date the round started
    questions    TEXT        NOT NULL,             -- the question ids served, in order
    started_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ,
    correct      INTEGER     NOT NULL DEFAULT 0,
    answered     INTEGER     NOT NULL DEFAULT 0,
    total        INTEGER     NOT NULL,
    score        INTEGER     NOT NULL DEFAULT 0,
    total_millis BIGINT      NOT NULL DEFAULT 0,
    flagged      BOOLEAN     NOT NULL DEFAULT FALSE, -- an answer came faster than anyone can read
    community_code VARCHAR(40),
    unit_code    VARCHAR(40)
);
CREATE INDEX quiz_round_by_resident ON quiz_round (openid, day);
CREATE INDEX quiz_round_open ON quiz_round (started_at) WHERE finished_at IS NULL;

CREATE TABLE quiz_answer (
    round_id    BIGINT      NOT NULL REFERENCES quiz_round (id),
    position    INTEGER     NOT NULL,
    question_id VARCHAR(60) NOT NULL,
    chosen      VARCHAR(40),                        -- original option indices, "true"/"false", or NULL when late
    correct     BOOLEAN     NOT NULL,
    late        BOOLEAN     NOT NULL,
    millis      BIGINT      NOT NULL,
    answered_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (round_id, position)
);
CREATE INDEX quiz_answer_by_question ON quiz_answer (question_id);

CREATE TABLE quiz_wrong_book (
    openid      VARCHAR(64) NOT NULL,
    question_id VARCHAR(60) NOT NULL,
    added_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (openid, question_id)
);
