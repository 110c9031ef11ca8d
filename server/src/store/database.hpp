#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <type_traits>
#include <vector>

#include "platform/config.hpp"
#include "platform/function_ref.hpp"
#include "platform/histogram.hpp"
#include "store/connection.hpp"
#include "store/event_listener.hpp"
#include "store/no_wait.hpp"
#include "store/snapshot_feed.hpp"

namespace ticketing::store {

struct DatabaseOptions {
    int read_connections = 8;    // SQLite readers / PostgreSQL pool size
    int busy_timeout_ms = 5000;  // SQLite lock wait; pool checkout wait
    int max_group_commit = 64;   // SQLite: most write transactions committed with one fsync
    std::int64_t reader_mmap_bytes = 0;  // SQLite: PRAGMA mmap_size of each reader (0: none)
    // Test-only negative control (TESTPLAN REL-08): acknowledge writes before COMMIT and then
    // roll back, so the crash-loop test can prove it detects lost acknowledgements.
    bool unsafe_ack_before_commit = false;
    // Test-only (TESTPLAN REL-12): each write waits this long after its COMMIT before it returns,
    // so a test can kill the server between the commit and the response.
    int test_pause_after_commit_ms = 0;
};

// What /metrics reports about the database: how long reads and writes take (each whole
// transaction, queueing for a connection included) and how many pooled connections are busy.
struct DatabaseStats {
    platform::LatencyHistogram reads;
    platform::LatencyHistogram writes;
};
struct PoolUsage {
    std::size_t in_use = 0;
    std::size_t size = 0;
};

// The database: reads on pooled connections, writes in transactions. SQLite commits concurrent
// writes in groups on one writer thread (one fsync per group, each write isolated by a
// savepoint); PostgreSQL runs each write in its own transaction and retries serialization
// failures. Failures that mean "try again" surface as domain::Error(kUnavailable).
class Database {
public:
    static std::unique_ptr<Database> Open(const platform::DatabaseUrl& url,
                                          const DatabaseOptions& options);
    virtual ~Database() = default;

    [[nodiscard]] virtual Dialect dialect() const = 0;

    // Reads inside a write this thread is running see that write's transaction (its own
    // uncommitted changes included).
    template <class F>
    auto Read(F&& fn) {
        using R = std::invoke_result_t<F&, Tx&>;
        if (Tx* outer = ActiveWrite()) return fn(*outer);
        if (Tx* shared = ActiveRead()) return fn(*shared);
        const Timed timed(stats_.reads);
        if constexpr (std::is_void_v<R>) {
            auto body = [&](Tx& tx) { fn(tx); };
            RunRead(body);
        } else {
            std::optional<R> out;
            auto body = [&](Tx& tx) { out.emplace(fn(tx)); };
            RunRead(body);
            return std::move(*out);
        }
    }

    // Runs fn() with every Read on this thread, until it returns, sharing one pooled connection
    // and, on SQLite, one read transaction (one BEGIN and COMMIT, one snapshot; PostgreSQL reads
    // are single statements). For a request that only reads, its authentication and its
    // handler; apart they were two transactions, which cost a ticket's detail 7 % of its
    // throughput on SQLite (bench/README.md). Writes inside run as usual.
    template <class F>
    auto ReadTogether(F&& fn) {
        return Read([&](Tx& tx) {
            const ReadScope scope(this, tx);
            return fn();
        });
    }

    // Runs fn in a write transaction; returns once it is durably committed. Callbacks registered
    // with Tx::OnCommit run afterwards, on the calling thread. Called from inside another write
    // on this thread, it joins that transaction (which commits, and runs the hooks, as a whole):
    // e.g. an idempotency record and the ticket it describes commit together.
    template <class F>
    auto Write(F&& fn) {
        using R = std::invoke_result_t<F&, Tx&>;
        if (Tx* outer = ActiveWrite()) return fn(*outer);
        ThrowIfNoWait();  // a write waits for its commit (store/no_wait.hpp)
        std::vector<std::function<void()>> hooks;
        const auto started = std::chrono::steady_clock::now();  // committed writes are timed
        if constexpr (std::is_void_v<R>) {
            auto body = [&](Tx& tx) {
                hooks.clear();
                tx.set_commit_hooks(&hooks);
                fn(tx);
            };
            RunWrite(body);
            stats_.writes.Observe(std::chrono::steady_clock::now() - started);
            PauseAfterCommit();
            for (auto& hook : hooks) hook();
        } else {
            std::optional<R> out;
            auto body = [&](Tx& tx) {
                hooks.clear();
                tx.set_commit_hooks(&hooks);
                out.emplace(fn(tx));
            };
            RunWrite(body);
            stats_.writes.Observe(std::chrono::steady_clock::now() - started);
            PauseAfterCommit();
            for (auto& hook : hooks) hook();
            return std::move(*out);
        }
    }

    [[nodiscard]] const DatabaseStats& stats() const { return stats_; }
    // Notifications of events committed by other instances; nullptr where none are needed.
    [[nodiscard]] virtual std::unique_ptr<EventListener> ListenForEvents() { return nullptr; }
    // Snapshots for requests on the I/O threads (PostgreSQL); nullptr where reads that need no
    // statement already run there (SQLite).
    [[nodiscard]] virtual std::unique_ptr<SnapshotFeed> FeedSnapshots() { return nullptr; }
    // The pool that reads (and on PostgreSQL also writes) wait for.
    [[nodiscard]] virtual PoolUsage pool_usage() const = 0;

    // Runs fn with a connection outside any transaction and with no other writer active:
    // migrations and maintenance (backup).
    virtual void RunExclusive(platform::FunctionRef<void(Connection&)> fn) = 0;

    // Throws domain::Error(kUnavailable) unless a trivial query succeeds.
    virtual void Ping() = 0;

    // Stops background threads; further calls fail.
    virtual void Shutdown() = 0;

protected:
    struct Timed {
        explicit Timed(platform::LatencyHistogram& h) : histogram(h) {}
        ~Timed() { histogram.Observe(std::chrono::steady_clock::now() - started); }
        Timed(const Timed&) = delete;
        Timed& operator=(const Timed&) = delete;
        platform::LatencyHistogram& histogram;
        std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    };
    DatabaseStats stats_;
    // Test-only (TICKETING_TEST_PAUSE_AFTER_COMMIT_MS, refused in production): a committed write
    // waits this long before its caller answers, so a test can kill the server in between.
    std::chrono::milliseconds pause_after_commit_{0};
    void PauseAfterCommit() const;

    virtual void RunRead(platform::FunctionRef<void(Tx&)> fn) = 0;
    virtual void RunWrite(platform::FunctionRef<void(Tx&)> fn) = 0;

    // The transaction that this thread's Reads or Writes on `db` join, while a scope marks it.
    struct Joined {
        const Database* db = nullptr;
        Tx* tx = nullptr;
    };
    class JoinScope {
    public:
        JoinScope(Joined& slot, const Database* db, Tx& tx) : slot_(slot), previous_(slot) {
            slot = {db, &tx};
        }
        ~JoinScope() { slot_ = previous_; }
        JoinScope(const JoinScope&) = delete;
        JoinScope& operator=(const JoinScope&) = delete;

    private:
        Joined& slot_;
        Joined previous_;
    };

    // Implementations mark the write transaction a thread is running for the duration of fn.
    class WriteScope : public JoinScope {
    public:
        WriteScope(const Database* db, Tx& tx);
    };

private:
    // Marks the read transaction ReadTogether shares on this thread.
    class ReadScope : public JoinScope {
    public:
        ReadScope(const Database* db, Tx& tx);
    };

    static thread_local Joined joined_write_;
    static thread_local Joined joined_read_;

    [[nodiscard]] Tx* ActiveWrite() const;
    [[nodiscard]] Tx* ActiveRead() const;
};

}  // namespace ticketing::store
