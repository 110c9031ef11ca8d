#include "store/pg_event_notifier.hpp"

#include <libpq-fe.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <utility>

#include "store/event_listener.hpp"

namespace ticketing::store {

PgEventNotifier::PgEventNotifier(std::string conninfo)
    : conninfo_(std::move(conninfo)), thread_([this] { Loop(); }) {}

PgEventNotifier::~PgEventNotifier() { Stop(); }

void PgEventNotifier::Poke() {
    {
        std::lock_guard lock(mutex_);
        if (pending_) return;
        pending_ = true;
    }
    wake_.notify_one();
}

void PgEventNotifier::Stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) thread_.join();
}

void PgEventNotifier::Loop() {
    // After a failure, wait this long before the next attempt, so a database that is down costs
    // one connection attempt a second, not one per write.
    constexpr auto kRetryAfter = std::chrono::seconds(1);
    // At most one NOTIFY per this interval: each is a transaction of its own with a commit to
    // flush, and under a steady stream of writes one followed almost every commit (13,501 in a
    // 10 s run of 17,505 comments). Other instances hear of a commit at most this much later;
    // this instance's own feed is woken directly.
    constexpr auto kMinInterval = std::chrono::milliseconds(10);
    auto last_sent = std::chrono::steady_clock::now() - kMinInterval;
    const std::string notify = std::string("NOTIFY ") + kEventChannel;
    PGconn* conn = nullptr;
    bool failing = false;
    // Logs the first failure of a run, drops the connection, and waits before the next attempt
    // with the events still marked unannounced.
    const auto fail = [&](const char* what) {
        if (!failing) spdlog::warn("live events: {}: {}", what, PQerrorMessage(conn));
        failing = true;
        PQfinish(conn);
        conn = nullptr;
        std::unique_lock lock(mutex_);
        pending_ = true;
        wake_.wait_for(lock, kRetryAfter, [&] { return stopping_; });
    };
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return pending_ || stopping_; });
            // Pokes that arrive meanwhile fold into this NOTIFY.
            wake_.wait_until(lock, last_sent + kMinInterval, [&] { return stopping_; });
            if (stopping_) break;
            pending_ = false;
        }
        last_sent = std::chrono::steady_clock::now();
        if (conn == nullptr) {
            conn = PQconnectdb(conninfo_.c_str());
            if (PQstatus(conn) != CONNECTION_OK) {
                fail("cannot connect to send NOTIFY");
                continue;
            }
        }
        PGresult* result = PQexec(conn, notify.c_str());
        const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
        PQclear(result);
        if (!ok) {
            fail("NOTIFY failed");
            continue;
        }
        if (failing) spdlog::info("live events: NOTIFY works again");
        failing = false;
    }
    if (conn != nullptr) PQfinish(conn);
}

}  // namespace ticketing::store
