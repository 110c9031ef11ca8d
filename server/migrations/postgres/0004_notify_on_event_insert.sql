-- Live updates across instances: one NOTIFY per writing statement, raised by the database
-- itself, instead of a separate `SELECT pg_notify(...)` round trip after every event insert.
-- PostgreSQL delivers it at commit and folds identical notifications of one transaction, so
-- listeners (store/pg_event_listener.cpp) still get one wake-up per transaction. The channel is
-- kEventChannel in store/event_listener.hpp.
CREATE FUNCTION ticketing_notify_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('ticketing_events', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER events_notify AFTER INSERT ON events
    FOR EACH STATEMENT EXECUTE FUNCTION ticketing_notify_events();
