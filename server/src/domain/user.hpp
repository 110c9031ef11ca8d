#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/ids.hpp"
#include "domain/role.hpp"

namespace ticketing::domain {

struct User {
    UserId id;
    std::string username;
    std::string email;
    std::string display_name;
    Role role = Role::kUser;
    std::optional<std::string> password_hash;
    // SHA-256 of the API key; the key itself is shown once and never stored.
    std::optional<std::string> api_key_hash;
    // Bumped to end every session at once (logout, password or role change, deletion).
    std::int64_t token_version = 0;
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
};

inline constexpr std::size_t kMinPasswordLength = 12;
inline constexpr std::size_t kMaxPasswordLength = 128;

// Each throws Error(kInvalidInput) naming the field, and returns the normalised value.
std::string ValidateUsername(std::string_view username);
std::string ValidateEmail(std::string_view email);
std::string ValidateDisplayName(std::string_view display_name);
void ValidateNewPassword(std::string_view password);

}  // namespace ticketing::domain
