#include "store/snapshot_feed.hpp"

#include <libpq-fe.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include <spdlog/spdlog.h>

#include <utility>

#include "store/snapshot_version.hpp"

namespace ticketing::store {

SnapshotFeed::SnapshotFeed(std::string conninfo)
    : conninfo_(std::move(conninfo)), stop_fd_(::eventfd(0, EFD_CLOEXEC)), thread_([this] { Run(); }) {}

SnapshotFeed::~SnapshotFeed() {
    Stop();
    Drop();
    if (stop_fd_ >= 0) ::close(stop_fd_);
}

void SnapshotFeed::Next(Callback done) {
    std::unique_lock lock(mutex_);
    if (stopping_ || !connected_) {
        lock.unlock();
        ++unanswered_;
        done(std::nullopt);
        return;
    }
    waiting_.push_back(std::move(done));
    // Only a sleeping thread needs the system call; a busy one looks again after its query.
    if (idle_) {
        idle_ = false;
        wake_.notify_one();
    }
}

void SnapshotFeed::Stop() {
    {
        const std::lock_guard lock(mutex_);
        if (stopping_) return;
        stopping_ = true;
        wake_.notify_one();
    }
    if (stop_fd_ >= 0) {
        const std::uint64_t one = 1;
        [[maybe_unused]] const auto written = ::write(stop_fd_, &one, sizeof one);
    }
    if (thread_.joinable()) thread_.join();
    std::vector<Callback> left;
    {
        const std::lock_guard lock(mutex_);
        left.swap(waiting_);
    }
    unanswered_ += left.size();
    for (auto& done : left) done(std::nullopt);
}

void SnapshotFeed::Run() {
    std::vector<Callback> batch;
    for (;;) {
        {
            const std::lock_guard lock(mutex_);
            if (stopping_) return;  // not one more connection attempt
        }
        // Connecting may take long (an unreachable host): meanwhile Next answers at once.
        const bool connected = conn_ != nullptr || Connect();
        std::unique_lock lock(mutex_);
        connected_ = connected;
        if (!connected) {
            wake_.wait_for(lock, kRetry, [&] { return stopping_; });
            if (stopping_) return;
            continue;
        }
        while (!stopping_ && waiting_.empty()) {
            idle_ = true;
            wake_.wait(lock);
        }
        idle_ = false;
        if (stopping_) return;
        // Everyone in the batch asked before the query below is sent.
        batch.swap(waiting_);
        lock.unlock();
        const std::optional<std::string> snapshot = Query();
        if (conn_ == nullptr) {
            // Lost: whoever asked meanwhile would wait for the reconnect; answer them now.
            lock.lock();
            connected_ = false;
            for (auto& done : waiting_) batch.push_back(std::move(done));
            waiting_.clear();
            lock.unlock();
        }
        ++queries_;
        (snapshot ? answered_ : unanswered_) += batch.size();
        for (auto& done : batch) done(snapshot);
        batch.clear();
    }
}

std::optional<std::string> SnapshotFeed::Query() {
    const auto fail = [&](const char* what) -> std::optional<std::string> {
        spdlog::warn("snapshot feed: {}: {}; list pages read their snapshot on the workers until "
                     "it reconnects", what, PQerrorMessage(conn_));
        Drop();
        return std::nullopt;
    };
    if (PQsendQuery(conn_, kCurrentSnapshotSql) == 0) return fail("sending failed");
    // Waits with a deadline, so a server that stopped answering cannot hold the requests: they
    // fall back to the workers, whose queries have a statement timeout of their own.
    const auto deadline = std::chrono::steady_clock::now() + kDeadline;
    while (PQisBusy(conn_) != 0) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return fail("no answer within the deadline");
        pollfd p[2] = {{PQsocket(conn_), POLLIN, 0}, {stop_fd_, POLLIN, 0}};
        if (::poll(p, stop_fd_ >= 0 ? 2 : 1, static_cast<int>(left.count())) < 0) {
            return fail("poll failed");
        }
        if ((p[1].revents & POLLIN) != 0) {  // Stop: the answer no longer matters
            Drop();
            return std::nullopt;
        }
        if (PQconsumeInput(conn_) == 0) return fail("the connection failed");
    }
    std::optional<std::string> snapshot;
    while (PGresult* result = PQgetResult(conn_)) {
        if (PQresultStatus(result) == PGRES_TUPLES_OK && PQntuples(result) == 1 &&
            PQgetisnull(result, 0, 0) == 0) {
            snapshot = std::string(PQgetvalue(result, 0, 0));
        }
        PQclear(result);
    }
    if (!snapshot) return fail("the query failed");
    return snapshot;
}

bool SnapshotFeed::Connect() {
    conn_ = PQconnectdb(conninfo_.c_str());
    if (PQstatus(conn_) == CONNECTION_OK) return true;
    Drop();
    return false;
}

void SnapshotFeed::Drop() {
    if (conn_ != nullptr) PQfinish(conn_);
    conn_ = nullptr;
}

}  // namespace ticketing::store
