-- Three indexes that no statement reads, each written by every comment (two of them) or by every
-- change that records an event (all of them):
-- - comments_author and audit_log_user would serve the foreign keys to users if a user row were
--   ever deleted or its id changed. Neither happens: users are soft-deleted (deleted_at) and ids
--   never change. A DELETE typed by hand still works; its key check reads the table instead.
-- - events_ticket: the event feed reads by seq, deliveries by id, retention by created_at.
-- On PostgreSQL, where a comment wrote twelve index entries, a comment ran 4-8 % faster without
-- them (bench/README.md, 2026-12-06).
DROP INDEX comments_author;
DROP INDEX audit_log_user;
DROP INDEX events_ticket;
