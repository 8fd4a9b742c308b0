-- 测评点位 and 自我测评 (issue 16): the point library, inspection rounds and what was marked.

-- The places the assessment visits. Loaded from config/points/points.yml; a point an admin edited in
-- the console keeps the console's version (edited_in_console) until the file's entry is removed.
CREATE TABLE inspection_point (
    code              VARCHAR(20)  PRIMARY KEY,
    type_code         VARCHAR(20)  NOT NULL,
    name              VARCHAR(60)  NOT NULL,
    latitude          DOUBLE PRECISION NOT NULL,   -- the point, or the centre of its outline
    longitude         DOUBLE PRECISION NOT NULL,
    outline           VARCHAR(4000),               -- GeoJSON ring [[lng,lat],…] for a lane or a road
    community         VARCHAR(60),
    street            VARCHAR(60),
    unit_name         VARCHAR(100) NOT NULL,       -- 包保单位: where 不合格 items are sent
    person            VARCHAR(60),                 -- 责任人
    active            BOOLEAN      NOT NULL DEFAULT TRUE,
    edited_in_console BOOLEAN      NOT NULL DEFAULT FALSE,
    updated_at        TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- A 督导 / 暗访 / 模拟测评 round over a set of points.
CREATE TABLE inspection_round (
    id         BIGSERIAL    PRIMARY KEY,
    kind       VARCHAR(12)  NOT NULL,              -- SUPERVISION | UNANNOUNCED | MOCK
    title      VARCHAR(100) NOT NULL,
    started_by VARCHAR(100) NOT NULL,
    started_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    closed_at  TIMESTAMPTZ
);

-- One point of a round: pending until an inspector submits it, once (submission_key makes a resent
-- offline draft a no-op), with its score kept as computed then.
CREATE TABLE inspection_visit (
    round_id       BIGINT      NOT NULL REFERENCES inspection_round (id),
    point_code     VARCHAR(20) NOT NULL REFERENCES inspection_point (code),
    submission_key VARCHAR(64) UNIQUE,
    inspector      VARCHAR(100),
    visited_at     TIMESTAMPTZ,
    score          NUMERIC(5, 1),                  -- 0–100, one decimal
    score_points   NUMERIC(8, 2),                  -- Σ item scores
    weight_total   INTEGER,                        -- Σ weights of applicable items
    passed         INTEGER,
    applicable     INTEGER,
    PRIMARY KEY (round_id, point_code)
);

-- Each checklist item as marked, with the wording and weight of the day (a later checklist edit does
-- not rewrite history), and the report a 不合格 became.
CREATE TABLE inspection_mark (
    round_id      BIGINT       NOT NULL,
    point_code    VARCHAR(20)  NOT NULL,
    item_code     VARCHAR(20)  NOT NULL,
    item_text     VARCHAR(100) NOT NULL,
    result        VARCHAR(4)   NOT NULL,           -- PASS | FAIL | NA
    counted       INTEGER,                         -- for count items
    weight        INTEGER      NOT NULL,
    score         NUMERIC(6, 2) NOT NULL,
    note          VARCHAR(300),
    report_ticket VARCHAR(20),
    PRIMARY KEY (round_id, point_code, item_code),
    FOREIGN KEY (round_id, point_code) REFERENCES inspection_visit (round_id, point_code)
);
CREATE INDEX inspection_mark_problems ON inspection_mark (report_ticket) WHERE report_ticket IS NOT NULL;
