-- Reach (issue 18): who came through which printed code, staff who linked their WeChat for previews,
-- and campaign pushes (群发) with their approval trail and WeChat's delivery counts.

-- A follow or scan through a scene code. Analytics only: the openid is kept as its keyed hash.
CREATE TABLE reach_scene_event (
    id          bigserial PRIMARY KEY,
    app_id      text        NOT NULL,
    scene       text        NOT NULL,
    kind        text        NOT NULL CHECK (kind IN ('follow', 'scan')),
    openid_hash text        NOT NULL,
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reach_scene_event_scene ON reach_scene_event (app_id, scene);

-- The WeChat of a staff member, for previews only (never shown; deleted when they unfollow).
CREATE TABLE reach_staff_wechat (
    staff_username text        NOT NULL,
    app_id         text        NOT NULL,
    openid         text        NOT NULL,
    linked_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (staff_username, app_id)
);

-- One-time link codes shown as a temporary QR code in the console; used up by the first scan.
CREATE TABLE reach_staff_link_code (
    token_hash     text PRIMARY KEY,
    staff_username text        NOT NULL,
    app_id         text        NOT NULL,
    expires_at     timestamptz NOT NULL
);

CREATE TABLE reach_push (
    id            bigserial PRIMARY KEY,
    app_id        text        NOT NULL,
    title         text        NOT NULL,
    kind          text        NOT NULL CHECK (kind IN ('text', 'image', 'mpnews')),
    content       text        NOT NULL,
    target_type   text        NOT NULL CHECK (target_type IN ('all', 'street', 'community')),
    target_code   text,
    state         text        NOT NULL DEFAULT 'draft'
                  CHECK (state IN ('draft', 'previewed', 'sending', 'sent', 'finished')),
    created_by    text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    previewed_by  text,
    previewed_at  timestamptz,
    approved_by   text,
    approved_at   timestamptz,
    -- WeChat sends a mass message once per clientmsgid: a retried request returns the first msg_id.
    client_msg_id text UNIQUE,
    msg_id        bigint,
    sent_at       timestamptz,
    send_error    text,
    finish_status text,
    total_count   integer,
    filter_count  integer,
    sent_count    integer,
    error_count   integer,
    finished_at   timestamptz,
    CHECK ((target_type = 'all') = (target_code IS NULL))
);
CREATE UNIQUE INDEX reach_push_msg_id ON reach_push (app_id, msg_id);
CREATE INDEX reach_push_approved ON reach_push (app_id, approved_at);
