-- Outbound events and webhooks (issue 8).
--
-- `events` is the durable outbox and the event log: every ticket and comment change writes its
-- event rows in the same transaction as the change (app/outbox_event_sink.cpp), so an event
-- exists if and only if its change committed. `seq` is the insertion order; live updates resume
-- from it. `payload` is the exact JSON document receivers get (and sign over), kept as text so
-- its bytes never change.
CREATE TABLE events (
    seq          INTEGER PRIMARY KEY,
    id           TEXT    NOT NULL UNIQUE,
    type         TEXT    NOT NULL CHECK (type IN ('ticket.created', 'ticket.updated',
                     'ticket.status_changed', 'ticket.deleted', 'comment.added',
                     'comment.deleted')),
    -- No foreign key: a ticket.deleted event outlives its ticket.
    ticket_id    TEXT    NOT NULL,
    category_id  TEXT,
    severity     INTEGER,
    payload      TEXT    NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX events_ticket ON events (ticket_id, seq);
CREATE INDEX events_created ON events (created_at);

-- Subscriptions. `events` is a space-separated list of event types. The category filter has
-- no foreign key on purpose: deleting the category must neither delete the subscription nor
-- widen it to every category; it then matches nothing.
CREATE TABLE webhooks (
    seq            INTEGER PRIMARY KEY,
    id             TEXT    NOT NULL UNIQUE,
    url            TEXT    NOT NULL,
    secret         TEXT    NOT NULL,
    description    TEXT    NOT NULL DEFAULT '',
    events         TEXT    NOT NULL,
    category_id    TEXT,
    max_severity   INTEGER CHECK (max_severity BETWEEN 1 AND 5),
    active         INTEGER NOT NULL DEFAULT 1,
    created_by_id  TEXT    NOT NULL REFERENCES users (id),
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);

-- One row per event x subscription, written with the event; a ping or a manual redelivery adds
-- one more. The delivery job claims due PENDING rows (next_attempt_at <= now), pushes
-- next_attempt_at forward by a lease while it sends, and records the outcome.
CREATE TABLE webhook_deliveries (
    seq               INTEGER PRIMARY KEY,
    id                TEXT    NOT NULL UNIQUE,
    webhook_id        TEXT    NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_id          TEXT    REFERENCES events (id) ON DELETE CASCADE,  -- NULL for a ping
    event_type        TEXT    NOT NULL,
    payload           TEXT,  -- a ping's body; an event's body is events.payload
    redelivery_of     TEXT,
    status            TEXT    NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
    attempts          INTEGER NOT NULL DEFAULT 0,
    next_attempt_at   INTEGER,
    claim_token       TEXT,
    last_attempt_at   INTEGER,
    last_status_code  INTEGER,
    last_error        TEXT,
    last_duration_ms  INTEGER,
    delivered_at      INTEGER,
    created_at        INTEGER NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at)
    WHERE status = 'PENDING';
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, seq);
CREATE INDEX webhook_deliveries_event ON webhook_deliveries (event_id);
CREATE INDEX webhook_deliveries_created ON webhook_deliveries (created_at);
