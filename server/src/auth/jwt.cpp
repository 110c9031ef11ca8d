#include "auth/jwt.hpp"

#include <jwt.h>

#include <cerrno>
#include <cstdlib>
#include <memory>
#include <stdexcept>

namespace ticketing::auth {
namespace {

struct JwtDeleter {
    void operator()(jwt_t* jwt) const { jwt_free(jwt); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtDeleter>;

struct FreeDeleter {
    void operator()(char* p) const { std::free(p); }
};

bool IsBase64UrlSegment(std::string_view s) {
    if (s.empty()) return false;
    for (const char c : s) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                        c == '-' || c == '_';
        if (!ok) return false;
    }
    return true;
}

// Compact serialization only: three non-empty base64url segments.
bool WellFormed(std::string_view token) {
    if (token.empty() || token.size() > kMaxTokenLength) return false;
    const auto first = token.find('.');
    if (first == std::string_view::npos) return false;
    const auto second = token.find('.', first + 1);
    if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
        return false;
    }
    return IsBase64UrlSegment(token.substr(0, first)) &&
           IsBase64UrlSegment(token.substr(first + 1, second - first - 1)) &&
           IsBase64UrlSegment(token.substr(second + 1));
}

enum class Grant { kMissing, kInteger, kOther };

// libjwt 1.10.2's jwt_get_grant_int() answers 0 with errno 0 for a claim that is present but not
// a JSON integer ("1.9e9", 1800000000.0, a string, true), so a future iat or nbf written as a
// real would pass as 0: look at the claim's JSON first.
Grant KindOf(jwt_t* jwt, const char* name) {
    const std::unique_ptr<char, FreeDeleter> json(jwt_get_grants_json(jwt, name));
    if (!json) return Grant::kMissing;
    std::string_view text(json.get());
    if (!text.empty() && text.front() == '-') text.remove_prefix(1);
    if (text.empty()) return Grant::kOther;
    for (const char c : text) {
        if (c < '0' || c > '9') return Grant::kOther;
    }
    return Grant::kInteger;
}

// The claim if it is present and a JSON integer.
std::optional<std::int64_t> IntGrant(jwt_t* jwt, const char* name) {
    if (KindOf(jwt, name) != Grant::kInteger) return std::nullopt;
    errno = 0;
    const long value = jwt_get_grant_int(jwt, name);
    if (errno != 0) return std::nullopt;
    return static_cast<std::int64_t>(value);
}

}  // namespace

JwtCodec::JwtCodec(std::string secret, std::int64_t ttl_seconds)
    : secret_(std::move(secret)), ttl_seconds_(ttl_seconds) {
    if (secret_.size() < 32) throw std::invalid_argument("JWT secret shorter than 32 bytes");
}

std::string JwtCodec::Issue(const TokenSubject& subject, std::int64_t now_seconds) const {
    jwt_t* raw = nullptr;
    if (jwt_new(&raw) != 0) throw std::runtime_error("jwt_new failed");
    JwtPtr jwt(raw);
    const auto key = reinterpret_cast<const unsigned char*>(secret_.data());
    bool ok = jwt_add_grant(jwt.get(), "sub", subject.user_id.c_str()) == 0 &&
              jwt_add_grant(jwt.get(), "id", subject.user_id.c_str()) == 0 &&
              jwt_add_grant(jwt.get(), "username", subject.username.c_str()) == 0 &&
              jwt_add_grant(jwt.get(), "displayName", subject.display_name.c_str()) == 0 &&
              jwt_add_grant_int(jwt.get(), "tv", static_cast<long>(subject.token_version)) == 0 &&
              jwt_add_grant_int(jwt.get(), "iat", static_cast<long>(now_seconds)) == 0 &&
              jwt_add_grant_int(jwt.get(), "nbf", static_cast<long>(now_seconds)) == 0 &&
              jwt_add_grant_int(jwt.get(), "exp", static_cast<long>(now_seconds + ttl_seconds_)) == 0 &&
              jwt_set_alg(jwt.get(), JWT_ALG_HS256, key, static_cast<int>(secret_.size())) == 0;
    if (!ok) throw std::runtime_error("building the JWT failed");
    std::unique_ptr<char, FreeDeleter> encoded(jwt_encode_str(jwt.get()));
    if (!encoded) throw std::runtime_error("jwt_encode_str failed");
    return encoded.get();
}

std::optional<SignedClaims> JwtCodec::Decode(const std::string& text) const {
    const auto key = reinterpret_cast<const unsigned char*>(secret_.data());
    jwt_t* raw = nullptr;
    if (jwt_decode(&raw, text.c_str(), key, static_cast<int>(secret_.size())) != 0) {
        if (raw != nullptr) jwt_free(raw);
        return std::nullopt;
    }
    JwtPtr jwt(raw);
    if (jwt_get_alg(jwt.get()) != JWT_ALG_HS256) return std::nullopt;
    // libjwt matches the name case-insensitively ("hS256" passes); RFC 7515's names are exact.
    if (const char* alg = jwt_get_header(jwt.get(), "alg"); alg == nullptr || std::string_view(alg) != "HS256") {
        return std::nullopt;
    }
    // jwt_get_header() answers nullptr for a typ that is present but not a string ("typ": 17),
    // so look at the header's JSON: typ is absent or exactly the string "JWT".
    if (const std::unique_ptr<char, FreeDeleter> typ(jwt_get_headers_json(jwt.get(), "typ"));
        typ != nullptr && std::string_view(typ.get()) != "\"JWT\"") {
        return std::nullopt;
    }

    const char* sub = jwt_get_grant(jwt.get(), "sub");
    const auto tv = IntGrant(jwt.get(), "tv");
    const auto iat = IntGrant(jwt.get(), "iat");
    const auto exp = IntGrant(jwt.get(), "exp");
    if (sub == nullptr || *sub == '\0' || !tv || !iat || !exp) return std::nullopt;
    SignedClaims out{{sub, *tv, *iat, *exp}, std::nullopt};
    if (KindOf(jwt.get(), "nbf") != Grant::kMissing) {  // optional, but an integer if present
        out.not_before = IntGrant(jwt.get(), "nbf");
        if (!out.not_before) return std::nullopt;
    }
    return out;
}

std::optional<TokenClaims> JwtCodec::Verify(std::string_view token, std::int64_t now_seconds) const {
    if (!WellFormed(token)) return std::nullopt;
    auto signed_claims = verified_.Find(token);
    if (!signed_claims) {
        signed_claims = Decode(std::string(token));
        if (!signed_claims) return std::nullopt;
        verified_.Store(token, *signed_claims);
    }
    const TokenClaims& claims = signed_claims->claims;
    if (now_seconds >= claims.expires_at) return std::nullopt;
    if (claims.issued_at > now_seconds + kClockSkewSeconds) return std::nullopt;
    if (signed_claims->not_before && *signed_claims->not_before > now_seconds + kClockSkewSeconds) {
        return std::nullopt;
    }
    return claims;
}

}  // namespace ticketing::auth
