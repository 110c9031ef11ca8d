-- A ticket's search entry is rewritten only when a searched column really changed. The ticket
-- UPDATE sets every column, so `AFTER UPDATE OF title, overview, display_id` fired on every status
-- change, assignment and severity change, and deleted and re-inserted every trigram of the
-- overview: nine times the CPU of the update itself, and more dirty pages in each WAL commit
-- (bench/README.md, "Writes on SQLite").
DROP TRIGGER tickets_fts_update;

CREATE TRIGGER tickets_fts_update AFTER UPDATE OF title, overview, display_id ON tickets
WHEN old.title IS NOT new.title OR old.overview IS NOT new.overview
  OR old.display_id IS NOT new.display_id
BEGIN
    INSERT INTO tickets_fts (tickets_fts, rowid, title, overview, display_id)
    VALUES ('delete', old.seq, old.title, old.overview, old.display_id);
    INSERT INTO tickets_fts (rowid, title, overview, display_id)
    VALUES (new.seq, new.title, new.overview, new.display_id);
END;
