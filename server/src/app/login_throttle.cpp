#include "app/login_throttle.hpp"

#include <algorithm>
#include <cctype>

namespace ticketing::app {

std::string LoginThrottle::Key(std::string_view account) {
    std::string key(account.substr(0, 128));
    std::transform(key.begin(), key.end(), key.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return key;
}

std::optional<std::int64_t> LoginThrottle::RetryAfterSeconds(std::string_view account,
                                                              std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    const auto it = accounts_.find(Key(account));
    if (it == accounts_.end() || it->second.locked_until_ms <= now_ms) return std::nullopt;
    return (it->second.locked_until_ms - now_ms + 999) / 1000;
}

void LoginThrottle::RecordFailure(std::string_view account, std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    if (accounts_.size() > 100'000) Prune(now_ms);
    State& state = accounts_[Key(account)];
    if (now_ms - state.last_failure_ms > kForgetAfterMs) state.failures = 0;
    state.last_failure_ms = now_ms;
    ++state.failures;
    if (state.failures < kFreeFailures) return;
    const int steps = std::min(state.failures - kFreeFailures, 4);
    state.locked_until_ms = now_ms + std::min(kBaseLockMs << steps, kMaxLockMs);
}

void LoginThrottle::RecordSuccess(std::string_view account) {
    std::lock_guard lock(mutex_);
    accounts_.erase(Key(account));
}

void LoginThrottle::Prune(std::int64_t now_ms) {
    // Bounded memory under a spray of made-up usernames: forget accounts not locked any more,
    // and locked ones whose failures are old enough to be forgotten anyway.
    for (auto it = accounts_.begin(); it != accounts_.end();) {
        const State& s = it->second;
        if (s.locked_until_ms <= now_ms &&
            (s.failures < kFreeFailures || now_ms - s.last_failure_ms > kForgetAfterMs)) {
            it = accounts_.erase(it);
        } else {
            ++it;
        }
    }
}

}  // namespace ticketing::app
