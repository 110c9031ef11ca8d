#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

struct pg_conn;  // libpq's PGconn

namespace ticketing::store {

// PostgreSQL: the server's current snapshot (`pg_current_snapshot()` as text) for requests
// waiting on an I/O thread, so that a cached page can be answered there without a worker: a
// thread of its own sends one query for everyone who asked since the last one was sent, on a
// connection of its own. Every answer comes from a query sent after the request asked, so it
// names data that includes every commit made before (the rule store::SharedSnapshot keeps for
// requests on the workers). Without a connection, or after a failure, it answers nullopt at once
// and the request reads its data the usual way (http/server.cpp).
class SnapshotFeed {
public:
    // Called on the feed's thread: hand the answer on (post it), never wait.
    using Callback = std::function<void(std::optional<std::string>)>;

    explicit SnapshotFeed(std::string conninfo);
    ~SnapshotFeed();
    SnapshotFeed(const SnapshotFeed&) = delete;
    SnapshotFeed& operator=(const SnapshotFeed&) = delete;

    void Next(Callback done);

    // Answers nullopt to whoever still waits and to every later call, and ends the thread (at
    // once, even while a query waits for its answer). Call it while the callbacks' targets still
    // exist (the I/O threads' io_context).
    void Stop();

    // For /metrics: queries sent, and calls answered with a snapshot or with nothing.
    struct Counters {
        std::uint64_t queries = 0;
        std::uint64_t answered = 0;
        std::uint64_t unanswered = 0;
    };
    [[nodiscard]] Counters counters() const {
        return {queries_.load(), answered_.load(), unanswered_.load()};
    }

private:
    void Run();
    // One round trip; nullopt if it failed, and the connection is dropped (Run opens another).
    std::optional<std::string> Query();
    bool Connect();
    void Drop();

    static constexpr std::chrono::seconds kRetry{1};  // between attempts to connect
    static constexpr std::chrono::seconds kDeadline{5};

    std::string conninfo_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::vector<Callback> waiting_;
    bool idle_ = false;  // the thread waits on wake_
    bool connected_ = false;
    bool stopping_ = false;
    pg_conn* conn_ = nullptr;  // the thread's own
    int stop_fd_ = -1;         // an eventfd that Stop signals, so that a query's wait ends at once
    std::atomic<std::uint64_t> queries_{0};
    std::atomic<std::uint64_t> answered_{0};
    std::atomic<std::uint64_t> unanswered_{0};
    std::thread thread_;
};

}  // namespace ticketing::store
