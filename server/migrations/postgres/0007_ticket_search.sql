-- The trigram index moves out of `tickets` into a table of its own, rewritten only when the
-- searched text changes. A status change cannot be a HOT update (`status` is indexed), so it
-- added an entry to every index of `tickets`, the trigram index too, extracting afresh every
-- trigram of a title and overview that had not changed. SQLite's schema does the same with FTS5
-- (sqlite/0005). A new ticket's row is written by the ticket's own INSERT
-- (store/ticket_repository.cpp: one statement; an insert trigger cost creates 6-9 %); edits of
-- the searched text and deletes are kept by the triggers below. bench/README.md, 2026-12-05.
CREATE TABLE ticket_search (
    ticket_seq  BIGINT PRIMARY KEY,
    doc         TEXT   NOT NULL
);
INSERT INTO ticket_search (ticket_seq, doc)
SELECT seq, title || E'\n' || overview || E'\n' || display_id FROM tickets;
-- The newline separator cannot occur in a search term, so no match spans two fields.
CREATE INDEX ticket_search_trgm ON ticket_search USING gin (doc gin_trgm_ops);
DROP INDEX tickets_search_trgm;

CREATE FUNCTION ticketing_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE ticket_search SET doc = NEW.title || E'\n' || NEW.overview || E'\n' || NEW.display_id
    WHERE ticket_seq = NEW.seq;
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
