#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "auth/jwt_claims.hpp"
#include "auth/token_cache.hpp"

namespace ticketing::auth {

struct TokenSubject {
    std::string user_id;
    std::string username;
    std::string display_name;
    std::int64_t token_version = 0;
};

inline constexpr std::size_t kMaxTokenLength = 4096;
inline constexpr std::int64_t kClockSkewSeconds = 60;

// HS256 JWTs. libjwt 1.10.2 verifies whatever algorithm the token's header names (it accepts an
// HS512 token signed with our key) and checks no time claims, so Verify pins the algorithm and
// checks exp, nbf and iat itself.
class JwtCodec {
public:
    JwtCodec(std::string secret, std::int64_t ttl_seconds);

    [[nodiscard]] std::string Issue(const TokenSubject& subject, std::int64_t now_seconds) const;

    // nullopt for anything but a well-formed, correctly signed, HS256, unexpired token whose
    // nbf/iat are not in the future (beyond kClockSkewSeconds). A token verified before is not
    // decoded again (TokenCache); its times are checked every time.
    [[nodiscard]] std::optional<TokenClaims> Verify(std::string_view token,
                                                    std::int64_t now_seconds) const;

    [[nodiscard]] std::int64_t ttl_seconds() const { return ttl_seconds_; }

private:
    // Signature, algorithm, header and claim types; nullopt if any is wrong.
    [[nodiscard]] std::optional<SignedClaims> Decode(const std::string& token) const;

    std::string secret_;
    std::int64_t ttl_seconds_;
    mutable TokenCache verified_;
};

}  // namespace ticketing::auth
