#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace ticketing::jobs {

// Runs `work` once soon after Start and then every `interval` on a thread of its own, until
// Stop. Failures are logged and the next run goes ahead as scheduled: a database outage delays
// the job, it does not kill it.
class PeriodicJob {
public:
    PeriodicJob(std::string name, std::chrono::milliseconds interval, std::function<void()> work);
    ~PeriodicJob();
    PeriodicJob(const PeriodicJob&) = delete;
    PeriodicJob& operator=(const PeriodicJob&) = delete;

    void Start(std::chrono::milliseconds first_delay = std::chrono::milliseconds(0));
    void Stop();
    // Runs the job now, on the caller's thread.
    void RunNow();

    [[nodiscard]] const std::string& name() const { return name_; }
    [[nodiscard]] std::uint64_t runs() const { return runs_.load(); }
    [[nodiscard]] std::uint64_t failures() const { return failures_.load(); }

private:
    void Loop(std::chrono::milliseconds first_delay);

    std::string name_;
    std::chrono::milliseconds interval_;
    std::function<void()> work_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
    std::atomic<std::uint64_t> runs_{0};
    std::atomic<std::uint64_t> failures_{0};
};

}  // namespace ticketing::jobs
