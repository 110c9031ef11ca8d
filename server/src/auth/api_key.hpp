#pragma once

#include <string>
#include <string_view>

namespace ticketing::auth {

inline constexpr std::string_view kApiKeyPrefix = "sk_";

// A new key: "sk_" + 48 random base36 characters (about 248 bits).
[[nodiscard]] std::string GenerateApiKey();

// What the database stores and looks keys up by: lowercase hex SHA-256 of the whole key. A
// preimage-resistant hash lets the lookup itself be an index probe without leaking the key.
[[nodiscard]] std::string HashApiKey(std::string_view key);

// Shape check before any lookup: "sk_" prefix, plausible length, URL-safe alphabet.
[[nodiscard]] bool LooksLikeApiKey(std::string_view key);

// Constant-time equality for secrets of equal length (false if lengths differ).
[[nodiscard]] bool ConstantTimeEquals(std::string_view a, std::string_view b);

// Lowercase hex SHA-256 / HMAC-SHA256 (OpenSSL), shared with webhook signing.
[[nodiscard]] std::string Sha256Hex(std::string_view data);
[[nodiscard]] std::string HmacSha256Hex(std::string_view key, std::string_view data);

}  // namespace ticketing::auth
