-- Answers that missed WeChat's 5-second window, sent through the customer-service API until WeChat
-- takes them. A row lives only until it is sent or given up (the openid is needed to send it).
CREATE TABLE wechat_late_reply (
    id              BIGSERIAL    PRIMARY KEY,
    app_id          VARCHAR(32)  NOT NULL,
    openid          VARCHAR(64)  NOT NULL,
    content         TEXT         NOT NULL,
    attempts        INT          NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX wechat_late_reply_due ON wechat_late_reply (next_attempt_at);
