-- Permanent QR codes made for the account (QR_LIMIT_STR_SCENE): at most 100 000 per account, so each
-- scene is made once and its content kept for every later sheet.
CREATE TABLE wechat_qr_code (
    app_id     VARCHAR(32)  NOT NULL,
    scene      VARCHAR(64)  NOT NULL,
    ticket     VARCHAR(200) NOT NULL,
    content    VARCHAR(500) NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (app_id, scene)
);
