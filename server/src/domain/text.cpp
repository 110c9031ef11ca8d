#include "domain/text.hpp"

#include <cstdint>

#include "domain/errors.hpp"

namespace ticketing::domain {

std::optional<std::size_t> CountCodePoints(std::string_view text) {
    std::size_t count = 0;
    std::size_t i = 0;
    const std::size_t n = text.size();
    while (i < n) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::size_t len = 0;
        std::uint32_t cp = 0;
        if (c < 0x80) {
            ++i;
            ++count;
            continue;
        }
        if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1Fu;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0Fu;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07u;
        } else {
            return std::nullopt;
        }
        if (i + len > n) return std::nullopt;
        for (std::size_t k = 1; k < len; ++k) {
            const auto cc = static_cast<unsigned char>(text[i + k]);
            if ((cc & 0xC0) != 0x80) return std::nullopt;
            cp = (cp << 6) | (cc & 0x3Fu);
        }
        const bool overlong = (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
                              (len == 4 && cp < 0x10000);
        if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
        i += len;
        ++count;
    }
    return count;
}

std::string_view Trim(std::string_view text) {
    const auto is_space = [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    };
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    return text;
}

bool HasControlChars(std::string_view text, bool allow_newlines) {
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (allow_newlines && (c == '\n' || c == '\r' || c == '\t')) continue;
        if (c < 0x20 || c == 0x7F) return true;
    }
    return false;
}

std::string ValidateText(std::string_view field, std::string_view value, TextRule rule) {
    const std::string name(field);
    const auto count = CountCodePoints(value);
    if (!count) FailField(name, "must be valid UTF-8");
    // NUL is refused even in multi-line fields: no client means it and databases disagree on it.
    if (value.find('\0') != std::string_view::npos) FailField(name, "must not contain NUL");
    if (HasControlChars(value, rule.multiline)) {
        FailField(name, rule.multiline ? "must not contain control characters"
                                       : "must be a single line without control characters");
    }
    const std::string_view trimmed = rule.multiline ? value : Trim(value);
    if (!rule.allow_empty && Trim(trimmed).empty()) FailField(name, "must not be empty");
    if (*count > rule.max_code_points) {
        FailField(name, "must be at most " + std::to_string(rule.max_code_points) + " characters");
    }
    return std::string(trimmed);
}

}  // namespace ticketing::domain
