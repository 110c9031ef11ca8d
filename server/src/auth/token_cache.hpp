#pragma once

#include <cstddef>
#include <cstring>
#include <mutex>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "auth/api_key.hpp"
#include "auth/jwt_claims.hpp"

namespace ticketing::auth {

// The claims of tokens whose signature and form were already checked, so that a client sending
// the same token with every request is decoded and verified once (libjwt parses the JSON with
// jansson and OpenSSL sets up an HMAC each time: about 7 % of a ticket-detail request). Keyed by
// the token's SHA-256, so a lookup compares digests an attacker cannot steer, never the bytes of
// other clients' tokens. Times (exp, nbf, iat) are not checked here: the caller checks them on
// every use. Bounded: when full it starts over, so memory stays under about a megabyte.
class TokenCache {
public:
    explicit TokenCache(std::size_t capacity = 4096) : capacity_(capacity) {}

    [[nodiscard]] std::optional<SignedClaims> Find(std::string_view token) const;
    void Store(std::string_view token, const SignedClaims& claims);

private:
    // The digest is already uniform: its first eight bytes are the bucket hash.
    struct DigestHash {
        std::size_t operator()(const Sha256Digest& d) const noexcept {
            std::size_t h = 0;
            std::memcpy(&h, d.data(), sizeof h);
            return h;
        }
    };

    std::size_t capacity_;
    mutable std::mutex mutex_;
    std::unordered_map<Sha256Digest, SignedClaims, DigestHash> entries_;
};

}  // namespace ticketing::auth
