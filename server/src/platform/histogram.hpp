#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>

namespace ticketing::platform {

// A latency histogram with fixed buckets (seconds, Prometheus style: each bucket counts the
// observations at or below its bound). Lock-free: observed on hot paths by many threads.
class LatencyHistogram {
public:
    static constexpr std::array<double, 12> kBounds = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                       0.05,   0.1,   0.25,   0.5,   1.0,  5.0};

    void Observe(std::chrono::steady_clock::duration elapsed) {
        const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count();
        const double seconds = static_cast<double>(micros) / 1e6;
        std::size_t i = 0;
        while (i < kBounds.size() && seconds > kBounds[i]) ++i;
        buckets_[i].fetch_add(1, std::memory_order_relaxed);
        sum_micros_.fetch_add(static_cast<std::uint64_t>(micros < 0 ? 0 : micros),
                              std::memory_order_relaxed);
    }

    struct Snapshot {
        std::array<std::uint64_t, kBounds.size() + 1> cumulative{};  // last one is +Inf
        double sum_seconds = 0;
        [[nodiscard]] std::uint64_t count() const { return cumulative.back(); }
    };
    [[nodiscard]] Snapshot Read() const {
        Snapshot s;
        std::uint64_t running = 0;
        for (std::size_t i = 0; i < buckets_.size(); ++i) {
            running += buckets_[i].load(std::memory_order_relaxed);
            s.cumulative[i] = running;
        }
        s.sum_seconds = static_cast<double>(sum_micros_.load(std::memory_order_relaxed)) / 1e6;
        return s;
    }

private:
    std::array<std::atomic<std::uint64_t>, kBounds.size() + 1> buckets_{};
    std::atomic<std::uint64_t> sum_micros_{0};
};

}  // namespace ticketing::platform
