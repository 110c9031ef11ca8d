-- The trigram index moves out of `tickets` into a table of its own, rewritten only when the
-- searched text changes. A status change cannot be a HOT update (`status` is indexed), so it
-- added an entry to every index of `tickets`, the trigram index too, extracting afresh every
-- trigram of a title and overview that had not changed. SQLite's schema does the same with FTS5
-- (sqlite/0005). bench/README.md, 2026-12-05.
--
-- Who writes a ticket's search row, so that every ticket has one during a rolling upgrade too
-- (docs/operations.md, "Upgrading"):
-- * this release's binary: the ticket's own INSERT, in the same statement
--   (store/ticket_repository.cpp). Its sessions say so with `ticketing.inserts_search_rows = on`
--   (store/postgres_database.cpp), and the insert trigger below skips them: a trigger on every
--   insert cost creates 6-9 %;
-- * anyone else (the previous release's binary, psql, a restore): the insert trigger.
-- Edits of the searched text and deletes are kept by triggers for everyone.
CREATE TABLE ticket_search (
    ticket_seq  BIGINT PRIMARY KEY,
    doc         TEXT   NOT NULL
);
INSERT INTO ticket_search (ticket_seq, doc)
SELECT seq, title || E'\n' || overview || E'\n' || display_id FROM tickets;
-- The newline separator cannot occur in a search term, so no match spans two fields.
CREATE INDEX ticket_search_trgm ON ticket_search USING gin (doc gin_trgm_ops);
-- The previous release searched through this index. Rolled back to it, its searches scan the
-- table instead (correct, slower); docs/operations.md says how to put the index back.
DROP INDEX tickets_search_trgm;

CREATE FUNCTION ticketing_search_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO ticket_search (ticket_seq, doc)
    VALUES (NEW.seq, NEW.title || E'\n' || NEW.overview || E'\n' || NEW.display_id)
    ON CONFLICT (ticket_seq) DO NOTHING;
    RETURN NULL;
END;
$$;
CREATE TRIGGER tickets_search_insert AFTER INSERT ON tickets
    FOR EACH ROW
    WHEN (current_setting('ticketing.inserts_search_rows', true) IS DISTINCT FROM 'on')
    EXECUTE FUNCTION ticketing_search_insert();

CREATE FUNCTION ticketing_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- An upsert, so that a row missing for whatever reason is mended by the next edit.
    INSERT INTO ticket_search (ticket_seq, doc)
    VALUES (NEW.seq, NEW.title || E'\n' || NEW.overview || E'\n' || NEW.display_id)
    ON CONFLICT (ticket_seq) DO UPDATE SET doc = EXCLUDED.doc;
    RETURN NULL;
END;
$$;
CREATE TRIGGER tickets_search_update AFTER UPDATE OF title, overview, display_id ON tickets
    FOR EACH ROW
    WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.overview IS DISTINCT FROM NEW.overview
          OR OLD.display_id IS DISTINCT FROM NEW.display_id)
    EXECUTE FUNCTION ticketing_search_update();

CREATE FUNCTION ticketing_search_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM ticket_search WHERE ticket_seq = OLD.seq;
    RETURN NULL;
END;
$$;
CREATE TRIGGER tickets_search_delete AFTER DELETE ON tickets
    FOR EACH ROW EXECUTE FUNCTION ticketing_search_delete();
