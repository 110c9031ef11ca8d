#pragma once

#include <chrono>
#include <memory>
#include <string>

namespace ticketing::store {

// The channel every write that records events notifies (PostgreSQL NOTIFY, sent after the
// commit by store/pg_event_notifier.cpp).
inline constexpr const char* kEventChannel = "ticketing_events";

// Wakes the live event feed when another instance commits events. PostgreSQL: a connection of
// its own that LISTENs on kEventChannel. SQLite needs none (Database::ListenForEvents gives
// nullptr): one process serves a database file, and its own commits wake the feed directly.
class EventListener {
public:
    virtual ~EventListener() = default;
    // Waits up to `timeout` for a notification; true if at least one arrived. Reconnects after
    // a lost connection (and returns false meanwhile: the feed's poll covers the gap).
    virtual bool Wait(std::chrono::milliseconds timeout) = 0;
};

// A LISTEN connection to the PostgreSQL server `conninfo` names (keyword form), opened before
// this returns when the server is reachable.
[[nodiscard]] std::unique_ptr<EventListener> ListenOnPostgres(std::string conninfo);

}  // namespace ticketing::store
