-- Idempotency-Key on POST /api/tickets and POST /api/tickets/:id/comments: the first successful
-- response per (caller, key) is kept, in the same transaction as the change it reports, so a
-- retry after a crash or a lost response gets it again instead of creating a duplicate.
CREATE TABLE idempotency_keys (
    principal_id  TEXT    NOT NULL,
    key           TEXT    NOT NULL,
    fingerprint   TEXT    NOT NULL,  -- SHA-256 of method, path and body
    status        INTEGER NOT NULL,
    body          TEXT    NOT NULL,
    headers       TEXT    NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (principal_id, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
