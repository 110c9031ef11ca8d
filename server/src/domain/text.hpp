#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ticketing::domain {

// Number of code points if `text` is well-formed UTF-8 (no overlongs, no surrogates, ≤ U+10FFFF).
[[nodiscard]] std::optional<std::size_t> CountCodePoints(std::string_view text);

// Strips ASCII whitespace at both ends (what the original's zod `.trim()` did).
[[nodiscard]] std::string_view Trim(std::string_view text);

// True if any C0 control (incl. NUL) or DEL appears; `allow_newlines` permits \n, \r and \t.
[[nodiscard]] bool HasControlChars(std::string_view text, bool allow_newlines);

struct TextRule {
    std::size_t max_code_points;
    bool multiline;
    bool allow_empty;
};

// Validates one text field against its rule and returns the trimmed value. Throws
// Error(kInvalidInput) naming the field, e.g. "title must be at most 200 characters".
std::string ValidateText(std::string_view field, std::string_view value, TextRule rule);

inline constexpr TextRule kTitleRule{200, false, false};
inline constexpr TextRule kMarkdownRule{65536, true, true};
inline constexpr TextRule kCommentRule{65536, true, false};
inline constexpr TextRule kNameRule{100, false, false};
inline constexpr TextRule kSearchRule{200, false, true};

}  // namespace ticketing::domain
