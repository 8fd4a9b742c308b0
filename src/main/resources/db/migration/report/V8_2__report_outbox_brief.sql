-- A notice's one-line summary for WeChat template messages (issue 13): since 2023-05-04 WeChat shows
-- no first/remark field and cuts every field at 20 characters, so the notice text itself cannot go
-- there. Rows written before this column have none; the template then shows the state alone.
-- TEXT: a summary may quote a staff note in full; it is cut to the field's limit when sent.
ALTER TABLE report_outbox ADD COLUMN brief TEXT;
