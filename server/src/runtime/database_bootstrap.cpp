#include "runtime/database_bootstrap.hpp"

#include <spdlog/spdlog.h>

#include "store/migrator.hpp"

namespace ticketing::runtime {

void ApplyMigrations(store::Database& db) {
    for (const auto& name : store::Migrator(db).Apply()) spdlog::info("applied migration {}", name);
}

DatabaseBootstrap::DatabaseBootstrap(store::Database& db, std::atomic<bool>& ready,
                                     std::function<void()> on_ready,
                                     std::chrono::milliseconds interval)
    : db_(db), ready_(ready), on_ready_(std::move(on_ready)), interval_(interval) {}

DatabaseBootstrap::~DatabaseBootstrap() { Stop(); }

bool DatabaseBootstrap::TryNow() {
    ++attempts_;
    try {
        ApplyMigrations(db_);
    } catch (const std::exception& e) {
        // Once per outage: an attempt a second would bury everything else in the log.
        if (attempts_ == 1) {
            first_failure_ = std::chrono::steady_clock::now();
            spdlog::error("database not available at start-up: {}; serving 503 on /readyz and "
                          "/api until it is, retrying every {} ms",
                          e.what(), interval_.count());
        }
        return false;
    }
    if (attempts_ > 1) {
        const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - first_failure_);
        spdlog::info("database available after {} attempts ({} ms): ready", attempts_,
                     waited.count());
    }
    ready_ = true;
    return true;
}

void DatabaseBootstrap::Start() { thread_ = std::thread([this] { Loop(); }); }

void DatabaseBootstrap::Stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void DatabaseBootstrap::Loop() {
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            if (wake_.wait_for(lock, interval_, [this] { return stopping_; })) return;
        }
        if (TryNow()) {
            on_ready_();
            return;
        }
    }
}

}  // namespace ticketing::runtime
