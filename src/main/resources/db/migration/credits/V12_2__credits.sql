-- 文明积分: an append-only ledger, each resident's balance, and the 积分超市.

CREATE TABLE credit_account (
    id             BIGSERIAL PRIMARY KEY,
    app_id         VARCHAR(32) NOT NULL,
    openid         VARCHAR(64),                        -- NULL once they unsubscribe
    community_code VARCHAR(40),
    balance        INTEGER     NOT NULL DEFAULT 0 CHECK (balance >= 0),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX credit_account_by_resident ON credit_account (app_id, openid) WHERE openid IS NOT NULL;

-- (source, source_id) makes every credit happen once, however often the event that caused it arrives.
CREATE TABLE credit_entry (
    id         BIGSERIAL PRIMARY KEY,
    account_id BIGINT      NOT NULL REFERENCES credit_account (id),
    source     VARCHAR(20) NOT NULL,                   -- volunteer | report | quiz | survey | redeem
    source_id  VARCHAR(80) NOT NULL,
    points     INTEGER     NOT NULL,
    note       VARCHAR(100) NOT NULL,
    city_day   DATE        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT credit_entry_once UNIQUE (source, source_id)
);
CREATE INDEX credit_entry_by_account ON credit_entry (account_id, id);

CREATE FUNCTION credit_entry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'credit_entry is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER credit_entry_append_only BEFORE UPDATE OR DELETE ON credit_entry
    FOR EACH ROW EXECUTE FUNCTION credit_entry_append_only();

CREATE TABLE credit_item (
    id          BIGSERIAL PRIMARY KEY,
    name        VARCHAR(60)  NOT NULL,
    description VARCHAR(300),
    price       INTEGER      NOT NULL CHECK (price > 0),
    stock       INTEGER      NOT NULL CHECK (stock >= 0),
    active      BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE TABLE credit_redemption (
    id           BIGSERIAL PRIMARY KEY,
    code         VARCHAR(20)  NOT NULL UNIQUE,         -- the one-time code the merchant scans
    item_id      BIGINT       NOT NULL REFERENCES credit_item (id),
    account_id   BIGINT       NOT NULL REFERENCES credit_account (id),
    points       INTEGER      NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    confirmed_at TIMESTAMPTZ,
    confirmed_by VARCHAR(60)
);
