-- Resident tags (issue 18): the WeChat tag of each street and community, and which of them WeChat holds
-- for each follower as last applied, so a sync sends only the differences. Rows of a follower who
-- unfollows are deleted (WeChat drops their tags too).
CREATE TABLE reach_tag (
    app_id    text   NOT NULL,
    area_code text   NOT NULL,
    tag_id    bigint NOT NULL,
    PRIMARY KEY (app_id, area_code)
);

CREATE TABLE reach_tag_member (
    app_id    text        NOT NULL,
    openid    text        NOT NULL,
    area_code text        NOT NULL,
    tagged_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (app_id, openid, area_code)
);
