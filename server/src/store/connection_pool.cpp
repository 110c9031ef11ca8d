#include "store/connection_pool.hpp"

#include <spdlog/spdlog.h>

#include <string>
#include <utility>

#include "domain/errors.hpp"
#include "store/db_error.hpp"

namespace ticketing::store {

ConnectionPool::ConnectionPool(std::size_t size, Factory factory, std::chrono::milliseconds wait,
                               Validator validate)
    : size_(size), factory_(std::move(factory)), wait_(wait), validate_(std::move(validate)) {}

void ConnectionPool::Fill() {
    for (;;) {
        {
            std::lock_guard lock(mutex_);
            if (created_ >= size_) return;
            ++created_;
        }
        std::unique_ptr<Connection> connection;
        try {
            connection = factory_();
        } catch (...) {
            std::lock_guard lock(mutex_);
            --created_;
            throw;
        }
        std::lock_guard lock(mutex_);
        idle_.push_back(std::move(connection));
        available_.notify_one();
    }
}

ConnectionPool::Lease::~Lease() {
    if (pool_ != nullptr && connection_) pool_->Release(std::move(connection_));
}

ConnectionPool::Lease ConnectionPool::Acquire() {
    std::unique_ptr<Connection> connection;
    {
        std::unique_lock lock(mutex_);
        const bool ready = available_.wait_for(
            lock, wait_, [&] { return !idle_.empty() || created_ < size_; });
        if (!ready) {
            throw domain::Error(domain::Errc::kUnavailable,
                                "All database connections are busy; retry shortly")
                .WithRetryAfter(1);
        }
        if (!idle_.empty()) {
            connection = std::move(idle_.back());
            idle_.pop_back();
        } else {
            ++created_;
        }
        ++leased_;
    }
    try {
        // A dead session is replaced rather than reconnected in place: the factory also applies
        // the session settings (timeouts) that a bare reconnect would lose.
        if (connection && (connection->broken() || (validate_ && !validate_(*connection)))) {
            connection.reset();
        }
        if (!connection) {
            connection = factory_();
            NoteConnectSuccess();
        }
    } catch (const std::exception& e) {
        {
            std::lock_guard lock(mutex_);
            --leased_;
            --created_;  // the slot is free again: the next caller tries a new connection
        }
        available_.notify_one();
        if (dynamic_cast<const domain::Error*>(&e) != nullptr) throw;
        NoteConnectFailure(e);
        throw domain::Error(domain::Errc::kUnavailable, "The database is unavailable; retry shortly")
            .WithRetryAfter(2);
    }
    return Lease(*this, std::move(connection));
}

std::optional<ConnectionPool::Lease> ConnectionPool::TryAcquire() {
    std::unique_ptr<Connection> connection;
    {
        std::lock_guard lock(mutex_);
        if (idle_.empty() || idle_.back()->broken()) return std::nullopt;
        connection = std::move(idle_.back());
        idle_.pop_back();
        ++leased_;
    }
    return Lease(*this, std::move(connection));
}

void ConnectionPool::NoteConnectFailure(const std::exception& error) {
    constexpr auto kInterval = std::chrono::seconds(10);
    const auto now = std::chrono::steady_clock::now();
    std::size_t failures = 0;
    {
        std::lock_guard lock(mutex_);
        failures = ++failures_;
        if (failures > 1 && now - last_warning_ < kInterval) return;
        last_warning_ = now;
    }
    std::string what = error.what();
    while (!what.empty() && (what.back() == '\n' || what.back() == ' ')) what.pop_back();
    spdlog::warn("cannot open a database connection ({} failed attempt(s) so far): {}", failures, what);
}

void ConnectionPool::NoteConnectSuccess() {
    std::size_t failures = 0;
    {
        std::lock_guard lock(mutex_);
        failures = std::exchange(failures_, 0);
    }
    if (failures > 0) {
        spdlog::info("database connections open again after {} failed attempt(s)", failures);
    }
}

void ConnectionPool::Release(std::unique_ptr<Connection> connection) {
    std::lock_guard lock(mutex_);
    --leased_;
    idle_.push_back(std::move(connection));
    available_.notify_one();
}

std::size_t ConnectionPool::in_use() const {
    std::lock_guard lock(mutex_);
    return leased_;
}

}  // namespace ticketing::store
