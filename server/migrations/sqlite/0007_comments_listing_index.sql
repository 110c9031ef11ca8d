-- A ticket's comments are read with the ticket on every detail request (GET /api/tickets/:id).
-- The index on (ticket_id, seq) found them, but each comment's row was then read from the table,
-- where the comments of one ticket lie on different pages (they arrive over days, between other
-- tickets' comments): one page read per comment. This index holds every column the listing
-- reads, in the listing's order, so the comments of a ticket are read from one leaf of the index
-- and the table is not touched. At 100k tickets: 5.9 -> 3.7 page reads per detail request, detail
-- +6-13 % (bench/README.md, 2026-12-06). The price: each comment's body is stored twice (the
-- index is about as large as the table). PostgreSQL keeps the narrow index: there a detail
-- request is far from its target and an index-only scan would also need the visibility map.
DROP INDEX comments_ticket;
CREATE INDEX comments_ticket ON comments (ticket_id, seq, id, author_id, body, created_at, updated_at);
