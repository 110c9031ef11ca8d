#include "jobs/periodic_job.hpp"

#include <spdlog/spdlog.h>

namespace ticketing::jobs {

PeriodicJob::PeriodicJob(std::string name, std::chrono::milliseconds interval,
                         std::function<void()> work)
    : name_(std::move(name)), interval_(interval), work_(std::move(work)) {}

PeriodicJob::~PeriodicJob() { Stop(); }

void PeriodicJob::Start(std::chrono::milliseconds first_delay) {
    thread_ = std::thread([this, first_delay] { Loop(first_delay); });
}

void PeriodicJob::Stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void PeriodicJob::RunNow() {
    ++runs_;
    try {
        work_();
    } catch (const std::exception& e) {
        ++failures_;
        spdlog::error("job {} failed: {}", name_, e.what());
    }
}

void PeriodicJob::Loop(std::chrono::milliseconds first_delay) {
    auto next = std::chrono::steady_clock::now() + first_delay;
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            if (wake_.wait_until(lock, next, [this] { return stopping_; })) return;
        }
        RunNow();
        next += interval_;
        const auto now = std::chrono::steady_clock::now();
        if (next < now) next = now + interval_;  // after a long run, do not fire back to back
    }
}

}  // namespace ticketing::jobs
