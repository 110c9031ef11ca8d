#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "store/database.hpp"

namespace ticketing::runtime {

// Applies the pending migrations and logs each; throws when the database cannot be migrated.
void ApplyMigrations(store::Database& db);

// Brings a PostgreSQL database that was not reachable at start-up into service: retries the
// migrations every `interval` on a thread of its own until they succeed, then marks the database
// ready and calls `on_ready` (once, on that thread). Until then the server answers /readyz and
// /api/* with 503, so a database that starts after the server (compose, a failover) needs no
// restart of ours and a supervisor sees no crash loop.
class DatabaseBootstrap {
public:
    DatabaseBootstrap(store::Database& db, std::atomic<bool>& ready, std::function<void()> on_ready,
                      std::chrono::milliseconds interval = std::chrono::seconds(1));
    ~DatabaseBootstrap();
    DatabaseBootstrap(const DatabaseBootstrap&) = delete;
    DatabaseBootstrap& operator=(const DatabaseBootstrap&) = delete;

    // One attempt on the caller's thread; true when the database is ready. Logs the failure.
    bool TryNow();
    // Keeps trying in the background (after a failed TryNow).
    void Start();
    // Stops retrying and joins; on_ready has either run completely or will not run.
    void Stop();

private:
    void Loop();

    store::Database& db_;
    std::atomic<bool>& ready_;
    std::function<void()> on_ready_;
    std::chrono::milliseconds interval_;
    std::chrono::steady_clock::time_point first_failure_;
    int attempts_ = 0;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace ticketing::runtime
