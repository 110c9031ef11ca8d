#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace ticketing::app {

// Per-account brute-force brake. After kFreeFailures consecutive failures an account is locked
// for a backoff that doubles per further failure (1 min, 2, 4, 8, then 15 min), and attempts
// during the lock are refused without checking the password. Success resets the account. It is
// per account, never per address, so one attacker cannot lock out a whole office behind NAT,
// and per instance (state is in memory; see docs/security.md).
class LoginThrottle {
public:
    static constexpr int kFreeFailures = 10;
    static constexpr std::int64_t kBaseLockMs = 60'000;
    static constexpr std::int64_t kMaxLockMs = 15 * 60'000;
    // Failures older than this are forgotten: an hour without a failed attempt starts afresh.
    static constexpr std::int64_t kForgetAfterMs = 60 * 60'000;

    // Seconds until the account may try again, or nullopt if it may try now.
    [[nodiscard]] std::optional<std::int64_t> RetryAfterSeconds(std::string_view account,
                                                                std::int64_t now_ms);
    void RecordFailure(std::string_view account, std::int64_t now_ms);
    void RecordSuccess(std::string_view account);

private:
    struct State {
        int failures = 0;
        std::int64_t locked_until_ms = 0;
        std::int64_t last_failure_ms = 0;
    };
    static std::string Key(std::string_view account);
    void Prune(std::int64_t now_ms);

    std::mutex mutex_;
    std::unordered_map<std::string, State> accounts_;
};

}  // namespace ticketing::app
