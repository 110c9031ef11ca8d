-- The search index merges its segments less eagerly: FTS5 'automerge' 8 instead of the default
-- 4. Every commit that writes tickets adds a small segment, and with 4 the merges that follow
-- rewrote index pages in almost every commit. With 8, a created ticket wrote 9-12 % less WAL and
-- creates ran faster (bench/README.md, 2026-12-05), while a rare-term search took 0.18 ms instead
-- of 0.17. 16 saved more but made an occasional commit take 285 ms (a large merge at once).
-- The setting is stored in the index itself (tickets_fts_config), so it holds for every
-- connection.
INSERT INTO tickets_fts (tickets_fts, rank) VALUES ('automerge', 8);
