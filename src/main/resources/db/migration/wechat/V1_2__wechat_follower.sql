-- Who follows which account. The openid is kept because replies need it; it is never shown or logged.
CREATE TABLE wechat_follower (
    app_id          VARCHAR(32)  NOT NULL,
    openid          VARCHAR(64)  NOT NULL,
    subscribed      BOOLEAN      NOT NULL,
    subscribed_at   TIMESTAMPTZ,
    unsubscribed_at TIMESTAMPTZ,
    PRIMARY KEY (app_id, openid)
);
