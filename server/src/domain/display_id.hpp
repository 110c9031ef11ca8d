#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ticketing::domain {

// A ticket's human id: "V" followed by exactly nine digits, e.g. V325813929.
[[nodiscard]] constexpr bool IsDisplayId(std::string_view text) {
    if (text.size() != 10 || text[0] != 'V') return false;
    for (std::size_t i = 1; i < text.size(); ++i) {
        if (text[i] < '0' || text[i] > '9') return false;
    }
    return true;
}

// Formats n (taken modulo 10^9) as a display id.
[[nodiscard]] std::string FormatDisplayId(std::uint64_t n);

}  // namespace ticketing::domain
