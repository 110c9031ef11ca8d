-- The whole data model of the original: users, CTI, tickets, comments, audit log.
-- Same shape as sqlite/0001_init.sql: epoch-millisecond BIGINTs, an identity `seq` for stable
-- ordering, an opaque text `id` that the API exposes.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE users (
    seq            BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id             TEXT    NOT NULL UNIQUE,
    username       TEXT    NOT NULL,
    email          TEXT    NOT NULL,
    display_name   TEXT    NOT NULL,
    role           TEXT    NOT NULL CHECK (role IN ('ADMIN', 'AGENT', 'USER', 'SERVICE')),
    password_hash  TEXT,
    api_key_hash   TEXT    UNIQUE,
    token_version  BIGINT  NOT NULL DEFAULT 0,
    is_system      INTEGER NOT NULL DEFAULT 0,
    deleted_at     BIGINT,
    created_at     BIGINT  NOT NULL,
    updated_at     BIGINT  NOT NULL
);
CREATE UNIQUE INDEX users_username_live ON users (username) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX users_email_live ON users (lower(email)) WHERE deleted_at IS NULL;

INSERT INTO users (id, username, email, display_name, role, is_system, created_at, updated_at)
VALUES ('system', 'system', 'system@localhost', 'System', 'SERVICE', 1, 0, 0);

CREATE TABLE categories (
    seq         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id          TEXT   NOT NULL UNIQUE,
    name        TEXT   NOT NULL UNIQUE,
    created_at  BIGINT NOT NULL
);

CREATE TABLE types (
    seq          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id           TEXT   NOT NULL UNIQUE,
    category_id  TEXT   NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
    name         TEXT   NOT NULL,
    created_at   BIGINT NOT NULL,
    UNIQUE (category_id, name)
);

CREATE TABLE items (
    seq         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id          TEXT   NOT NULL UNIQUE,
    type_id     TEXT   NOT NULL REFERENCES types (id) ON DELETE CASCADE,
    name        TEXT   NOT NULL,
    created_at  BIGINT NOT NULL,
    UNIQUE (type_id, name)
);

CREATE TABLE tickets (
    seq            BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id             TEXT    NOT NULL UNIQUE,
    display_id     TEXT    NOT NULL UNIQUE,
    title          TEXT    NOT NULL,
    overview       TEXT    NOT NULL DEFAULT '',
    severity       INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 5),
    status         TEXT    NOT NULL CHECK (status IN ('OPEN', 'IN_PROGRESS', 'RESOLVED', 'CLOSED')),
    category_id    TEXT    NOT NULL REFERENCES categories (id),
    type_id        TEXT    NOT NULL REFERENCES types (id),
    item_id        TEXT    NOT NULL REFERENCES items (id),
    assignee_id    TEXT    REFERENCES users (id),
    created_by_id  TEXT    NOT NULL REFERENCES users (id),
    resolved_at    BIGINT,
    comment_count  INTEGER NOT NULL DEFAULT 0,
    version        BIGINT  NOT NULL DEFAULT 1,
    created_at     BIGINT  NOT NULL,
    updated_at     BIGINT  NOT NULL
);
CREATE INDEX tickets_order ON tickets (severity, created_at DESC, seq DESC);
CREATE INDEX tickets_status_order ON tickets (status, severity, created_at DESC, seq DESC);
CREATE INDEX tickets_category_order ON tickets (category_id, severity, created_at DESC, seq DESC);
CREATE INDEX tickets_assignee_order ON tickets (assignee_id, severity, created_at DESC, seq DESC);
CREATE INDEX tickets_type ON tickets (type_id);
CREATE INDEX tickets_item ON tickets (item_id);
CREATE INDEX tickets_created_by ON tickets (created_by_id);
CREATE INDEX tickets_resolved_due ON tickets (resolved_at) WHERE status = 'RESOLVED';
-- Substring search (ILIKE) on title, overview and display id through one trigram index. The
-- newline separator cannot occur in a search term, so no match spans two fields.
CREATE INDEX tickets_search_trgm ON tickets
    USING gin ((title || E'\n' || overview || E'\n' || display_id) gin_trgm_ops);

CREATE TABLE comments (
    seq         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id          TEXT   NOT NULL UNIQUE,
    ticket_id   TEXT   NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    author_id   TEXT   NOT NULL REFERENCES users (id),
    body        TEXT   NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX comments_ticket ON comments (ticket_id, seq);
CREATE INDEX comments_author ON comments (author_id);

CREATE TABLE audit_log (
    seq         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id          TEXT   NOT NULL UNIQUE,
    ticket_id   TEXT   NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    user_id     TEXT   NOT NULL REFERENCES users (id),
    action      TEXT   NOT NULL,
    detail      TEXT,
    created_at  BIGINT NOT NULL
);
CREATE INDEX audit_log_ticket ON audit_log (ticket_id, seq);
CREATE INDEX audit_log_user ON audit_log (user_id);
