-- Keeping the knowledge base fresh (issue 12): each console version records when the editor last
-- verified the entry against its source, and whether the editor marked that source as superseded
-- (a newer law, notice or batch). Versions saved before this migration have no date: the file
-- entry's `checked` applies to them. Rows stay append-only; these are two more columns of a version.
ALTER TABLE knowledge_entry_version ADD COLUMN checked DATE;
ALTER TABLE knowledge_entry_version ADD COLUMN source_superseded BOOLEAN NOT NULL DEFAULT false;
