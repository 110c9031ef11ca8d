#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ticketing::domain {

// Where a webhook delivery goes, taken apart from its http(s) URL.
struct WebhookTarget {
    bool tls = false;
    std::string host;         // name or address, without IPv6 brackets (for the resolver)
    std::uint16_t port = 80;  // explicit or the scheme's default
    std::string host_header;  // the Host header: host as written, plus a non-default port
    std::string target;       // path and query, at least "/"
};

inline constexpr std::size_t kMaxWebhookUrlLength = 2048;
inline constexpr std::size_t kMinWebhookSecretLength = 16;
inline constexpr std::size_t kMaxWebhookSecretLength = 256;
inline constexpr std::size_t kMaxWebhookDescriptionLength = 200;

// Parses an absolute http:// or https:// URL with a host, an optional port and no user info or
// fragment. Throws Error(kInvalidInput) naming the field `url` and what is wrong.
[[nodiscard]] WebhookTarget ParseWebhookUrl(std::string_view url);

// Attempts per delivery before it is given up (FAILED); the first is immediate.
inline constexpr int kMaxDeliveryAttempts = 9;

// How long to wait after `failed_attempts` failed attempts (1-based) before the next one:
// 1 min, then x3 each time up to a cap of 8 h, so the 9 attempts of a delivery span about 22 h.
[[nodiscard]] std::int64_t RetryDelayMs(int failed_attempts);

}  // namespace ticketing::domain
