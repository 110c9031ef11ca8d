-- See sqlite/0003_events_and_webhooks.sql. `payload` is TEXT, not JSONB: receivers verify a
-- signature over its exact bytes.
CREATE TABLE events (
    seq          BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id           TEXT    NOT NULL UNIQUE,
    type         TEXT    NOT NULL CHECK (type IN ('ticket.created', 'ticket.updated',
                     'ticket.status_changed', 'ticket.deleted', 'comment.added',
                     'comment.deleted')),
    ticket_id    TEXT    NOT NULL,
    category_id  TEXT,
    severity     INTEGER,
    payload      TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL
);
CREATE INDEX events_ticket ON events (ticket_id, seq);
CREATE INDEX events_created ON events (created_at);

CREATE TABLE webhooks (
    seq            BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id             TEXT    NOT NULL UNIQUE,
    url            TEXT    NOT NULL,
    secret         TEXT    NOT NULL,
    description    TEXT    NOT NULL DEFAULT '',
    events         TEXT    NOT NULL,
    category_id    TEXT,
    max_severity   INTEGER CHECK (max_severity BETWEEN 1 AND 5),
    active         INTEGER NOT NULL DEFAULT 1,
    created_by_id  TEXT    NOT NULL REFERENCES users (id),
    created_at     BIGINT  NOT NULL,
    updated_at     BIGINT  NOT NULL
);

CREATE TABLE webhook_deliveries (
    seq               BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id                TEXT    NOT NULL UNIQUE,
    webhook_id        TEXT    NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_id          TEXT    REFERENCES events (id) ON DELETE CASCADE,
    event_type        TEXT    NOT NULL,
    payload           TEXT,
    redelivery_of     TEXT,
    status            TEXT    NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
    attempts          INTEGER NOT NULL DEFAULT 0,
    next_attempt_at   BIGINT,
    claim_token       TEXT,
    last_attempt_at   BIGINT,
    last_status_code  INTEGER,
    last_error        TEXT,
    last_duration_ms  BIGINT,
    delivered_at      BIGINT,
    created_at        BIGINT  NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at)
    WHERE status = 'PENDING';
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, seq);
CREATE INDEX webhook_deliveries_event ON webhook_deliveries (event_id);
CREATE INDEX webhook_deliveries_created ON webhook_deliveries (created_at);
