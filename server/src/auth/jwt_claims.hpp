#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace ticketing::auth {

// What a valid token says: who, which session generation, and when it is valid.
struct TokenClaims {
    std::string user_id;
    std::int64_t token_version = 0;
    std::int64_t issued_at = 0;
    std::int64_t expires_at = 0;
};

// The claims of a token whose signature, algorithm and form are right, before its times are
// checked against the clock.
struct SignedClaims {
    TokenClaims claims;
    std::optional<std::int64_t> not_before;
};

}  // namespace ticketing::auth
