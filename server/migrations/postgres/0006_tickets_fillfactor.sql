-- Tickets leave 15 % of each heap page free. Adding or deleting a comment changes only the
-- ticket's comment_count, which no index covers; when the new row version fits on the same page
-- PostgreSQL updates it in place of the old one (a HOT update) and touches none of the table's
-- twelve indexes, the trigram index among them. On packed pages (the default fill factor of 100)
-- the first such update of a ticket moved the row and added an entry to every index: on a
-- freshly loaded 100k-ticket database 68 % of those updates were HOT, with this setting 99 %, and
-- comments ran 13 % faster (bench/README.md, 2026-12-05). The heap grows by about a sixth.
-- Existing pages keep their fill until rewritten (VACUUM FULL tickets, or pg_repack); new pages
-- follow the setting at once.
ALTER TABLE tickets SET (fillfactor = 85);
