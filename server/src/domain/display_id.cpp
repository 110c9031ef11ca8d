#include "domain/display_id.hpp"

namespace ticketing::domain {

std::string FormatDisplayId(std::uint64_t n) {
    std::string out = "V000000000";
    n %= 1'000'000'000ULL;
    for (std::size_t i = 9; i >= 1; --i) {
        out[i] = static_cast<char>('0' + n % 10);
        n /= 10;
    }
    return out;
}

}  // namespace ticketing::domain
