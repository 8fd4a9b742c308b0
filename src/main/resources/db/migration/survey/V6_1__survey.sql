-- 问卷调查: versioned definitions (a published version is frozen; edits make a new one), responses
-- (one per resident per survey, enforced here), and raw answer codes so the rates can be recomputed.
CREATE TABLE survey_version (
    survey_id  VARCHAR(60) NOT NULL,
    version    INTEGER     NOT NULL,
    definition TEXT        NOT NULL,              -- the YAML as published
    source     VARCHAR(10) NOT NULL,              -- file | console
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (survey_id, version)
);

CREATE TABLE survey_response (
    id             BIGSERIAL   PRIMARY KEY,
    survey_id      VARCHAR(60) NOT NULL,
    version        INTEGER     NOT NULL,
    -- The openid for identified surveys; for anonymous ones a keyed one-way hash of openid + survey,
    -- which dedupes and resumes but cannot be turned back into the person.
    respondent_key VARCHAR(80) NOT NULL,
    openid         VARCHAR(64),                   -- NULL for anonymous surveys, always
    app_id         VARCHAR(32),
    channel        VARCHAR(10) NOT NULL,          -- h5 | wechat
    community_code VARCHAR(40),
    district_code  VARCHAR(40),
    status         VARCHAR(10) NOT NULL,          -- partial | complete
    started_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    completed_at   TIMESTAMPTZ,
    UNIQUE (survey_id, respondent_key)
);
CREATE INDEX survey_response_complete ON survey_response (survey_id, completed_at) WHERE status = 'complete';

CREATE TABLE survey_answer (
    response_id   BIGINT      NOT NULL REFERENCES survey_response (id),
    question_code VARCHAR(20) NOT NULL,
    value         TEXT        NOT NULL,           -- option codes "1,3", a number, or text
    answered_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (response_id, question_code)
);
