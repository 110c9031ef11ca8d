#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace ticketing::platform {

// Time as UTC epoch milliseconds. Injected everywhere so auto-close and token expiry are tested
// by moving a fake clock instead of waiting.
class Clock {
public:
    virtual ~Clock() = default;
    [[nodiscard]] virtual std::int64_t NowMs() const = 0;
};

class SystemClock final : public Clock {
public:
    [[nodiscard]] std::int64_t NowMs() const override {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    }
};

class FakeClock final : public Clock {
public:
    explicit FakeClock(std::int64_t start_ms) : now_(start_ms) {}
    [[nodiscard]] std::int64_t NowMs() const override { return now_.load(); }
    void Set(std::int64_t ms) { now_.store(ms); }
    void Advance(std::int64_t ms) { now_.fetch_add(ms); }

private:
    std::atomic<std::int64_t> now_;
};

inline constexpr std::int64_t kHourMs = 3'600'000;
inline constexpr std::int64_t kDayMs = 24 * kHourMs;

}  // namespace ticketing::platform
