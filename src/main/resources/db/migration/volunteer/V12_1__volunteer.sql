-- 志愿服务: volunteers, teams, activities with time slots, sign-ups, check-in and hours.

CREATE TABLE volunteer (
    id              BIGSERIAL PRIMARY KEY,
    app_id          VARCHAR(32),
    -- Needed to reach the volunteer (reminders, credits); NULL once they unsubscribe.
    openid          VARCHAR(64),
    name            VARCHAR(40)  NOT NULL,
    phone_encrypted VARCHAR(200),                      -- NULL once they unsubscribe
    phone_masked    VARCHAR(20),
    community_code  VARCHAR(40),
    community_name  VARCHAR(60),
    skills          VARCHAR(300),
    availability    VARCHAR(300),
    status          VARCHAR(12)  NOT NULL DEFAULT 'PENDING', -- PENDING | APPROVED | LEFT
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    approved_at     TIMESTAMPTZ,
    approved_by     VARCHAR(60)
);
CREATE UNIQUE INDEX volunteer_by_resident ON volunteer (app_id, openid) WHERE openid IS NOT NULL;

CREATE TABLE volunteer_team (
    id             BIGSERIAL PRIMARY KEY,
    name           VARCHAR(60)  NOT NULL UNIQUE,       -- 荷风社区小蜜蜂队, 市城管局志愿服务队
    organizer      VARCHAR(100) NOT NULL,              -- the organising body certificates are issued by
    community_code VARCHAR(40),
    created_at     TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE TABLE volunteer_team_member (
    team_id      BIGINT      NOT NULL REFERENCES volunteer_team (id),
    volunteer_id BIGINT      NOT NULL REFERENCES volunteer (id),
    leader       BOOLEAN     NOT NULL DEFAULT FALSE,   -- shows the rotating check-in code
    joined_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, volunteer_id)
);

CREATE TABLE volunteer_activity (
    id             BIGSERIAL PRIMARY KEY,
    title          VARCHAR(80)  NOT NULL,
    kind           VARCHAR(20)  NOT NULL,              -- 文明劝导 | 清洁家园 | 宣传 | …
    team_id        BIGINT       NOT NULL REFERENCES volunteer_team (id),
    community_code VARCHAR(40),
    community_name VARCHAR(60),
    place          VARCHAR(200) NOT NULL,
    point_code     VARCHAR(40),                        -- a 测评点位, when the place is one
    latitude       DOUBLE PRECISION,
    longitude      DOUBLE PRECISION,
    requirements   VARCHAR(500),
    cancelled      BOOLEAN      NOT NULL DEFAULT FALSE,
    created_by     VARCHAR(60)  NOT NULL,
    created_at     TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- confirmed_count is the seat counter every sign-up takes under the row's lock; the CHECK is what
-- makes over-booking impossible whatever the code does.
CREATE TABLE volunteer_slot (
    id              BIGSERIAL PRIMARY KEY,
    activity_id     BIGINT      NOT NULL REFERENCES volunteer_activity (id),
    starts_at       TIMESTAMPTZ NOT NULL,
    ends_at         TIMESTAMPTZ NOT NULL,
    capacity        INTEGER     NOT NULL CHECK (capacity > 0),
    confirmed_count INTEGER     NOT NULL DEFAULT 0,
    CONSTRAINT volunteer_slot_not_overbooked CHECK (confirmed_count BETWEEN 0 AND capacity),
    CONSTRAINT volunteer_slot_ends_after_start CHECK (ends_at > starts_at)
);
CREATE INDEX volunteer_slot_by_start ON volunteer_slot (starts_at);

CREATE TABLE volunteer_signup (
    id             BIGSERIAL PRIMARY KEY,
    slot_id        BIGINT      NOT NULL REFERENCES volunteer_slot (id),
    volunteer_id   BIGINT      NOT NULL REFERENCES volunteer (id),
    status         VARCHAR(10) NOT NULL,               -- CONFIRMED | WAITING | CANCELLED
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(), -- the waiting list's order
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    reminded_at    TIMESTAMPTZ,
    checked_in_at  TIMESTAMPTZ,
    checked_out_at TIMESTAMPTZ,
    location_ok    BOOLEAN,                            -- NULL: the phone shared no location
    minutes        INTEGER,                            -- hours credited, in minutes, after the rule
    corrected_by   VARCHAR(60)
);
CREATE UNIQUE INDEX volunteer_signup_once ON volunteer_signup (slot_id, volunteer_id) WHERE status <> 'CANCELLED';
CREATE INDEX volunteer_signup_waiting ON volunteer_signup (slot_id, created_at) WHERE status = 'WAITING';
