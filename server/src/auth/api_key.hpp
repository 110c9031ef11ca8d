#pragma once

#include <array>
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

// SHA-256 as bytes (the token cache's key) or lowercase hex, and HMAC-SHA256 as lowercase hex
// (OpenSSL), shared with webhook signing.
using Sha256Digest = std::array<unsigned char, 32>;
[[nodiscard]] Sha256Digest Sha256(std::string_view data);
[[nodiscard]] std::string Sha256Hex(std::string_view data);
[[nodiscard]] std::string HmacSha256Hex(std::string_view key, std::string_view data);

}  // namespace ticketing::auth
