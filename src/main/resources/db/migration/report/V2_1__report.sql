-- 随手拍 reports: the system of record for everything a resident reports.

-- Ticket numbers are WM + yyMMdd + a daily sequence; the counter row is locked by the insert
-- transaction, so two instances never hand out the same number.
CREATE TABLE report_ticket_counter (
    day        DATE PRIMARY KEY,
    last_value INTEGER NOT NULL
);

CREATE TABLE report (
    id                    BIGSERIAL PRIMARY KEY,
    ticket_no             VARCHAR(20)  NOT NULL UNIQUE,
    channel               VARCHAR(10)  NOT NULL,            -- wechat | h5 | open311
    app_id                VARCHAR(32),                      -- the official account it came through
    category_code         VARCHAR(40)  NOT NULL,
    state                 VARCHAR(20)  NOT NULL,            -- ReportState codes
    latitude              DOUBLE PRECISION,
    longitude             DOUBLE PRECISION,
    address               VARCHAR(300),
    description           VARCHAR(4000) NOT NULL,
    -- Needed to tell the resident about progress; never shown. NULL once they unsubscribe.
    reporter_openid       VARCHAR(64),
    -- Keyed hash of the openid: lets staff see two reports share a reporter without the openid.
    reporter_hash         VARCHAR(40),
    phone_encrypted       VARCHAR(200),
    phone_masked          VARCHAR(20),
    anonymous             BOOLEAN      NOT NULL DEFAULT FALSE,
    district_name         VARCHAR(60),
    street_name           VARCHAR(60),
    community_code        VARCHAR(40),
    community_name        VARCHAR(60),
    unit_name             VARCHAR(100) NOT NULL,
    deadline_hours        INTEGER,
    deadline_working_days INTEGER,
    due_at                TIMESTAMPTZ,                      -- set when a unit signs for it (签收)
    submission_key        VARCHAR(200) UNIQUE,              -- a redelivered submission finds the first one
    duplicate_of          BIGINT REFERENCES report (id),
    version               INTEGER      NOT NULL DEFAULT 0,
    created_at            TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at            TIMESTAMPTZ  NOT NULL DEFAULT now(),
    closed_at             TIMESTAMPTZ,
    CONSTRAINT report_has_place CHECK ((latitude IS NOT NULL AND longitude IS NOT NULL) OR address IS NOT NULL)
);
CREATE INDEX report_by_reporter ON report (reporter_openid, created_at DESC);
CREATE INDEX report_by_category_time ON report (category_code, created_at DESC);
CREATE INDEX report_by_state ON report (state, created_at DESC);

-- Photos: 'report' ones come with the report, 'handling' ones from the unit. A photo WeChat could
-- not hand over yet is 'pending' with its media id until the fetcher stores it.
CREATE TABLE report_photo (
    id           UUID PRIMARY KEY,          -- random: the only handle a page ever shows
    seq          BIGSERIAL,                 -- keeps the order the resident added them in
    report_id    BIGINT      NOT NULL REFERENCES report (id),
    stage        VARCHAR(10) NOT NULL DEFAULT 'report',
    status       VARCHAR(10) NOT NULL,      -- stored | pending | failed
    sha256       VARCHAR(64),
    content_type VARCHAR(20),
    width        INTEGER,
    height       INTEGER,
    size_bytes   BIGINT,
    app_id       VARCHAR(32),
    media_id     VARCHAR(200),
    attempts     INTEGER     NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (report_id, sha256),
    UNIQUE (report_id, media_id)
);
CREATE INDEX report_photo_pending ON report_photo (next_attempt_at) WHERE status = 'pending';

-- Every state change and every note: who, when, what.
CREATE TABLE report_history (
    id         BIGSERIAL PRIMARY KEY,
    report_id  BIGINT      NOT NULL REFERENCES report (id),
    state      VARCHAR(20) NOT NULL,
    actor      VARCHAR(100) NOT NULL,
    note       VARCHAR(1000),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX report_history_by_report ON report_history (report_id, id);

-- Residents who chose to follow an existing report instead of filing the same problem again.
CREATE TABLE report_follower (
    report_id  BIGINT      NOT NULL REFERENCES report (id),
    openid     VARCHAR(64) NOT NULL,
    app_id     VARCHAR(32),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (report_id, openid)
);
CREATE INDEX report_follower_by_openid ON report_follower (openid);

-- Messages to residents, written in the same transaction as the change they announce and
-- delivered by ReportOutbox, so a crash between the two loses nothing.
CREATE TABLE report_outbox (
    id              BIGSERIAL PRIMARY KEY,
    report_id       BIGINT      REFERENCES report (id),
    app_id          VARCHAR(32) NOT NULL,
    openid          VARCHAR(64) NOT NULL,
    content         VARCHAR(2000) NOT NULL,
    status          VARCHAR(10) NOT NULL DEFAULT 'pending',  -- pending | sent | failed
    attempts        INTEGER     NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_error      VARCHAR(300),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    sent_at         TIMESTAMPTZ
);
CREATE INDEX report_outbox_due ON report_outbox (next_attempt_at) WHERE status = 'pending';
