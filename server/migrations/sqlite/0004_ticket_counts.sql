-- Tickets per status, kept by triggers inside the transaction of every insert, delete and status
-- change, so it always equals COUNT(*) GROUP BY status. The list's X-Total-Count for a filter on
-- status alone (the dashboard's `?status=OPEN&limit=50`) then reads one row instead of counting
-- tens of thousands of index entries: that count was nine tenths of the dashboard's cost.
-- SQLite only: it has one writer, so the shared row costs nothing; on PostgreSQL every
-- concurrent create would queue on the OPEN row's lock until its commit.
CREATE TABLE ticket_counts (
    status TEXT PRIMARY KEY,
    n INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO ticket_counts (status, n) SELECT status, COUNT(*) FROM tickets GROUP BY status;

CREATE TRIGGER ticket_counts_insert AFTER INSERT ON tickets BEGIN
    INSERT INTO ticket_counts (status, n) VALUES (NEW.status, 1)
        ON CONFLICT (status) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER ticket_counts_delete AFTER DELETE ON tickets BEGIN
    UPDATE ticket_counts SET n = n - 1 WHERE status = OLD.status;
END;

CREATE TRIGGER ticket_counts_status AFTER UPDATE OF status ON tickets
WHEN OLD.status IS NOT NEW.status BEGIN
    UPDATE ticket_counts SET n = n - 1 WHERE status = OLD.status;
    INSERT INTO ticket_counts (status, n) VALUES (NEW.status, 1)
        ON CONFLICT (status) DO UPDATE SET n = n + 1;
END;
