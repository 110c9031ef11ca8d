#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "store/connection.hpp"

namespace ticketing::store {

// A fixed set of connections handed out one caller at a time. A broken connection (or one the
// validator finds dead) is replaced by a fresh one from the factory on its next checkout, so the
// pool heals after the database comes back and every connection gets its session settings again.
class ConnectionPool {
public:
    using Factory = std::function<std::unique_ptr<Connection>()>;
    // Cheap liveness check of an idle connection at checkout; false = replace it. Must not block.
    using Validator = std::function<bool(Connection&)>;

    // Connections are created lazily by `factory` (so start-up succeeds with the database down),
    // unless Fill() opens them all up front.
    ConnectionPool(std::size_t size, Factory factory, std::chrono::milliseconds wait,
                   Validator validate = {});

    // Opens every connection not yet open. For SQLite, whose file is always there: a pool that
    // opens connections only when concurrency first peaks keeps adding descriptors and page
    // caches long after start, which reads as a leak in a soak (docs/reliability.md, S3).
    void Fill();

    class Lease {
    public:
        Lease(ConnectionPool& pool, std::unique_ptr<Connection> connection)
            : pool_(&pool), connection_(std::move(connection)) {}
        Lease(Lease&& other) noexcept = default;
        Lease& operator=(Lease&&) = delete;
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        ~Lease();
        [[nodiscard]] Connection& operator*() { return *connection_; }
        [[nodiscard]] Connection* operator->() { return connection_.get(); }

    private:
        ConnectionPool* pool_;
        std::unique_ptr<Connection> connection_;
    };

    // Waits up to `wait` for a free connection; throws domain::Error(kUnavailable) after.
    [[nodiscard]] Lease Acquire();
    // An idle, already open connection, or nullopt at once: never waits and never connects
    // (for callers that must not block: store/no_wait.hpp).
    [[nodiscard]] std::optional<Lease> TryAcquire();

    [[nodiscard]] std::size_t size() const { return size_; }
    [[nodiscard]] std::size_t in_use() const;

private:
    void Release(std::unique_ptr<Connection> connection);
    // While the database is down every checkout fails: log the first failure and then one line
    // per interval with the count, and say when connections open again.
    void NoteConnectFailure(const std::exception& error);
    void NoteConnectSuccess();

    std::size_t size_;
    Factory factory_;
    std::chrono::milliseconds wait_;
    Validator validate_;
    mutable std::mutex mutex_;
    std::condition_variable available_;
    // Handed out newest-returned first: the connection just put back has the warmest page cache
    // (SQLite) and the rest stay idle until concurrency needs them. Handed out in turn, sixteen
    // SQLite readers each saw a sixteenth of the reads and missed their caches: detail by
    // display id ran 9 % slower (bench/README.md).
    std::deque<std::unique_ptr<Connection>> idle_;
    std::size_t created_ = 0;
    std::size_t leased_ = 0;
    std::size_t failures_ = 0;  // connection attempts failed since the last success
    std::chrono::steady_clock::time_point last_warning_{};
};

}  // namespace ticketing::store
