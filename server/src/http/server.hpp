#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "http/metrics.hpp"
#include "http/pipeline.hpp"

namespace ticketing::http {

struct ServerOptions {
    std::string host = "0.0.0.0";
    std::uint16_t port = 3000;
    int io_threads = 2;
    std::size_t body_limit = 1024 * 1024;
    std::size_t header_limit = 8 * 1024;
    std::chrono::seconds header_timeout{10};
    std::chrono::seconds idle_timeout{30};
    std::chrono::seconds body_timeout{20};
    std::chrono::seconds write_timeout{30};
    std::size_t max_connections = 1024;
    Metrics* metrics = nullptr;  // when set, every answered request is counted and timed
    // Routes marked RunOn::kShortRead try the I/O thread first: on for SQLite, whose reads are
    // local and short; off for PostgreSQL, where every query is a network round trip.
    bool short_reads_on_io_threads = false;
    // PostgreSQL: routes that read a version (RouteOptions::reads_version) get their snapshot
    // on the I/O thread from here and try to answer there (a cached page); the server stops it
    // once its I/O threads are done. nullptr: they go to the workers.
    store::SnapshotFeed* snapshot_feed = nullptr;
};

// Counters the metrics endpoint reads.
struct ServerStats {
    std::atomic<std::uint64_t> connections_open{0};
    std::atomic<std::uint64_t> connections_refused{0};
};

// HTTP/1.1 on Boost.Beast with one C++20 coroutine per connection. Reads the request head with
// strict framing (framing.hpp), the body up to the limit, runs the pipeline on the I/O thread or
// a pool as the route says, and writes the response (chunked when it streams).
class Server {
public:
    // `writes`, when given, runs the requests that change data (POST, PUT, PATCH, DELETE) that
    // would otherwise run on `workers`.
    Server(ServerOptions options, const Pipeline& pipeline, boost::asio::thread_pool& workers,
           boost::asio::thread_pool& hashing, boost::asio::thread_pool* writes = nullptr);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds and listens; returns the bound port (useful with port 0).
    std::uint16_t Listen();
    // Starts the I/O threads and the accept loop.
    void Start();
    // Stops accepting, closes idle connections, lets requests in flight finish (up to `grace`),
    // then stops the I/O threads. Safe to call from a signal-handling thread.
    void Shutdown(std::chrono::milliseconds grace);
    // Blocks until the I/O threads have stopped.
    void Wait();

    [[nodiscard]] const ServerStats& stats() const { return stats_; }

    struct Connection;

private:
    boost::asio::awaitable<void> AcceptLoop();
    void Admit(boost::asio::ip::tcp::socket socket);
    // Accepts what waits in the listen backlog (without waiting for more), then closes.
    void CloseListener();
    boost::asio::awaitable<void> Session(std::shared_ptr<Connection> connection);

    ServerOptions options_;
    const Pipeline& pipeline_;
    boost::asio::thread_pool& workers_;
    boost::asio::thread_pool& hashing_;
    boost::asio::thread_pool* writes_;
    boost::asio::io_context ioc_;
    boost::asio::ip::tcp::acceptor acceptor_;
    std::vector<std::thread> threads_;
    std::atomic<bool> draining_{false};
    ServerStats stats_;

    std::mutex mutex_;
    std::condition_variable drained_;
    std::unordered_map<Connection*, std::weak_ptr<Connection>> connections_;
    bool listener_closed_ = false;  // under mutex_
    // Connections shed at the cap since the last warning, and when that was (accept loop only).
    std::uint64_t refused_unlogged_ = 0;
    std::chrono::steady_clock::time_point last_refusal_warning_{};
};

}  // namespace ticketing::http
