-- The whole data model of the original: users, CTI, tickets, comments, audit log.
-- Times are UTC epoch milliseconds. Every table has an integer `seq` (SQLite's rowid) for stable
-- ordering and for the FTS index, and an opaque text `id` that the API exposes.

CREATE TABLE users (
    seq            INTEGER PRIMARY KEY,
    id             TEXT    NOT NULL UNIQUE,
    username       TEXT    NOT NULL,
    email          TEXT    NOT NULL,
    display_name   TEXT    NOT NULL,
    role           TEXT    NOT NULL CHECK (role IN ('ADMIN', 'AGENT', 'USER', 'SERVICE')),
    password_hash  TEXT,
    api_key_hash   TEXT    UNIQUE,
    token_version  INTEGER NOT NULL DEFAULT 0,
    is_system      INTEGER NOT NULL DEFAULT 0,
    deleted_at     INTEGER,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
-- Deleted users keep their row (history stays attributed) but free their username and email.
CREATE UNIQUE INDEX users_username_live ON users (username) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX users_email_live ON users (lower(email)) WHERE deleted_at IS NULL;

-- Auto-close and other jobs write audit rows as this built-in account; it cannot log in.
INSERT INTO users (id, username, email, display_name, role, is_system, created_at, updated_at)
VALUES ('system', 'system', 'system@localhost', 'System', 'SERVICE', 1, 0, 0);

CREATE TABLE categories (
    seq         INTEGER PRIMARY KEY,
    id          TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL
);

CREATE TABLE types (
    seq          INTEGER PRIMARY KEY,
    id           TEXT    NOT NULL UNIQUE,
    category_id  TEXT    NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
    name         TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    UNIQUE (category_id, name)
);

CREATE TABLE items (
    seq         INTEGER PRIMARY KEY,
    id          TEXT    NOT NULL UNIQUE,
    type_id     TEXT    NOT NULL REFERENCES types (id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    UNIQUE (type_id, name)
);

CREATE TABLE tickets (
    seq            INTEGER PRIMARY KEY,
    id             TEXT    NOT NULL UNIQUE,
    display_id     TEXT    NOT NULL UNIQUE,
    title          TEXT    NOT NULL,
    overview       TEXT    NOT NULL DEFAULT '',
    severity       INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 5),
    status         TEXT    NOT NULL CHECK (status IN ('OPEN', 'IN_PROGRESS', 'RESOLVED', 'CLOSED')),
    -- No cascade: the API refuses (409) to delete CTI that tickets still use.
    category_id    TEXT    NOT NULL REFERENCES categories (id),
    type_id        TEXT    NOT NULL REFERENCES types (id),
    item_id        TEXT    NOT NULL REFERENCES items (id),
    assignee_id    TEXT    REFERENCES users (id),
    created_by_id  TEXT    NOT NULL REFERENCES users (id),
    resolved_at    INTEGER,
    comment_count  INTEGER NOT NULL DEFAULT 0,
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
-- The list order is severity ASC, created_at DESC; one index per filter keeps every filtered
-- page an index range scan in that order.
CREATE INDEX tickets_order ON tickets (severity, created_at DESC, seq DESC);
CREATE INDEX tickets_status_order ON tickets (status, severity, created_at DESC, seq DESC);
CREATE INDEX tickets_category_order ON tickets (category_id, severity, created_at DESC, seq DESC);
CREATE INDEX tickets_assignee_order ON tickets (assignee_id, severity, created_at DESC, seq DESC);
CREATE INDEX tickets_type ON tickets (type_id);
CREATE INDEX tickets_item ON tickets (item_id);
CREATE INDEX tickets_created_by ON tickets (created_by_id);
CREATE INDEX tickets_resolved_due ON tickets (resolved_at) WHERE status = 'RESOLVED';

-- Substring search on title, overview and display id without a table scan.
CREATE VIRTUAL TABLE tickets_fts USING fts5 (
    title, overview, display_id,
    content = 'tickets', content_rowid = 'seq', tokenize = 'trigram'
);
CREATE TRIGGER tickets_fts_insert AFTER INSERT ON tickets BEGIN
    INSERT INTO tickets_fts (rowid, title, overview, display_id)
    VALUES (new.seq, new.title, new.overview, new.display_id);
END;
CREATE TRIGGER tickets_fts_delete AFTER DELETE ON tickets BEGIN
    INSERT INTO tickets_fts (tickets_fts, rowid, title, overview, display_id)
    VALUES ('delete', old.seq, old.title, old.overview, old.display_id);
END;
CREATE TRIGGER tickets_fts_update AFTER UPDATE OF title, overview, display_id ON tickets BEGIN
    INSERT INTO tickets_fts (tickets_fts, rowid, title, overview, display_id)
    VALUES ('delete', old.seq, old.title, old.overview, old.display_id);
    INSERT INTO tickets_fts (rowid, title, overview, display_id)
    VALUES (new.seq, new.title, new.overview, new.display_id);
END;

CREATE TABLE comments (
    seq         INTEGER PRIMARY KEY,
    id          TEXT    NOT NULL UNIQUE,
    ticket_id   TEXT    NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    author_id   TEXT    NOT NULL REFERENCES users (id),
    body        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX comments_ticket ON comments (ticket_id, seq);
CREATE INDEX comments_author ON comments (author_id);

CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY,
    id          TEXT    NOT NULL UNIQUE,
    ticket_id   TEXT    NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    user_id     TEXT    NOT NULL REFERENCES users (id),
    action      TEXT    NOT NULL,
    detail      TEXT,
    created_at  INTEGER NOT NULL
);
CREATE INDEX audit_log_ticket ON audit_log (ticket_id, seq);
CREATE INDEX audit_log_user ON audit_log (user_id);
