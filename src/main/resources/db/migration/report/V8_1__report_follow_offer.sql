-- Issue 13 item 1: following a report no longer exposes it, and ticket numbers cannot be guessed.

-- A check code for every ticket: four letters (no I or O) from the database's strong random source.
-- Residents see and type the ticket as WM + yyMMdd + sequence + "-" + code; the sequence alone
-- (which is also Open311's public service_request_id) opens nothing. Existing reports get theirs here.
CREATE FUNCTION report_check_code() RETURNS VARCHAR(4) LANGUAGE sql VOLATILE AS $$
    SELECT string_agg(substr('ABCDEFGHJKLMNPQRSTUVWXYZ', 1 + get_byte(r.b, i) % 24, 1), '' ORDER BY i)
    FROM (SELECT uuid_send(gen_random_uuid()) AS b) r, generate_series(0, 3) AS i
$$;

ALTER TABLE report ADD COLUMN check_code VARCHAR(4);
UPDATE report SET check_code = report_check_code();
ALTER TABLE report ALTER COLUMN check_code SET DEFAULT report_check_code();
ALTER TABLE report ALTER COLUMN check_code SET NOT NULL;

-- The offer to follow an open report nearby, made to one resident when their own submission found
-- it. Following needs an unexpired offer; it is used up by the follow (with the photos and words
-- the resident adds), so nobody can follow, or add to, a report they were not shown.
CREATE TABLE report_follow_offer (
    report_id  BIGINT      NOT NULL REFERENCES report (id),
    openid     VARCHAR(64) NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (report_id, openid)
);
CREATE INDEX report_follow_offer_by_openid ON report_follow_offer (openid);
