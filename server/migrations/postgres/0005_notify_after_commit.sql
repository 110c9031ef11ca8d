-- Live updates across instances are announced by the server after each commit that recorded
-- events, from a connection of its own (store/pg_event_notifier.cpp), no longer by a trigger
-- inside the write's transaction: PostgreSQL takes a database-wide lock at the commit of a
-- transaction that notified and holds it through the commit's WAL flush, so every write that
-- recorded events committed one after another.
DROP TRIGGER IF EXISTS events_notify ON events;
DROP FUNCTION IF EXISTS ticketing_notify_events();
