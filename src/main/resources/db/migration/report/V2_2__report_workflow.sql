-- The handling workflow (issue 5): who has it, since when, by when, and how the resident rated it.
ALTER TABLE report
    ADD COLUMN accepted_at     TIMESTAMPTZ,
    ADD COLUMN dispatched_at   TIMESTAMPTZ,
    ADD COLUMN signed_at       TIMESTAMPTZ,       -- the deadline runs from here (签收)
    ADD COLUMN resolved_at     TIMESTAMPTZ,
    ADD COLUMN rating          VARCHAR(12),       -- SATISFIED | BASIC | UNSATISFIED (the latest)
    ADD COLUMN rated_at        TIMESTAMPTZ,
    ADD COLUMN reopen_count    INTEGER NOT NULL DEFAULT 0,   -- 发回重办 after 不满意
    ADD COLUMN needs_decision  BOOLEAN NOT NULL DEFAULT FALSE,  -- 不满意 again: the dispatcher decides
    ADD COLUMN reminded        BOOLEAN NOT NULL DEFAULT FALSE,  -- "deadline near" sent for this 签收
    ADD COLUMN overdue         BOOLEAN NOT NULL DEFAULT FALSE,  -- 超期, escalated to the dispatcher (督办)
    ADD COLUMN escalated_at    TIMESTAMPTZ,
    ADD COLUMN finished_late   BOOLEAN;          -- set at 办结: after due_at or not (on-time rate)

CREATE INDEX report_due ON report (due_at) WHERE state IN ('SIGNED', 'IN_PROGRESS');
CREATE INDEX report_by_unit ON report (unit_name, created_at DESC);

-- What the resident is told, beyond the text: which report, its new state, and the page to open.
ALTER TABLE report_outbox
    ADD COLUMN ticket_no   VARCHAR(20),
    ADD COLUMN state_label VARCHAR(20),
    ADD COLUMN url         VARCHAR(300);
