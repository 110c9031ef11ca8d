#include "domain/user.hpp"

#include "domain/errors.hpp"
#include "domain/text.hpp"

namespace ticketing::domain {

std::string ValidateUsername(std::string_view username) {
    if (username.empty()) FailField("username", "must not be empty");
    if (username.size() > 64) FailField("username", "must be at most 64 characters");
    for (const char c : username) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                        c == '.' || c == '_' || c == '-' || c == '@';
        if (!ok) FailField("username", "may only contain letters, digits, '.', '_', '-' and '@'");
    }
    return std::string(username);
}

std::string ValidateEmail(std::string_view email) {
    const std::string value = ValidateText("email", email, {254, false, false});
    const auto at = value.find('@');
    const bool shaped = at != std::string::npos && at > 0 && at + 1 < value.size() &&
                        value.find('@', at + 1) == std::string::npos &&
                        value.find(' ') == std::string::npos;
    if (!shaped) FailField("email", "must be an email address like name@example.com");
    return value;
}

std::string ValidateDisplayName(std::string_view display_name) {
    return ValidateText("displayName", display_name, kNameRule);
}

void ValidateNewPassword(std::string_view password) {
    const auto count = CountCodePoints(password);
    if (!count) FailField("password", "must be valid UTF-8");
    if (password.find('\0') != std::string_view::npos) FailField("password", "must not contain NUL");
    if (*count < kMinPasswordLength) {
        FailField("password", "must be at least " + std::to_string(kMinPasswordLength) + " characters");
    }
    if (*count > kMaxPasswordLength) {
        FailField("password", "must be at most " + std::to_string(kMaxPasswordLength) + " characters");
    }
}

}  // namespace ticketing::domain
