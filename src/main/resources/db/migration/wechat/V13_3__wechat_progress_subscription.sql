-- A resident's acceptance of the progress 订阅通知 (subscribe_msg_popup_event "accept"): each one lets the
-- account send one notice outside the 48-hour window; the notice uses it up. Deleted when they unfollow.
CREATE TABLE wechat_progress_subscription (
    id          bigserial PRIMARY KEY,
    app_id      text        NOT NULL,
    openid      text        NOT NULL,
    template_id text        NOT NULL,
    accepted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX wechat_progress_subscription_by_resident ON wechat_progress_subscription (app_id, openid, template_id);
