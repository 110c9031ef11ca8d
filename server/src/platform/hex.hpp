#pragma once

#include <cstddef>
#include <string>

namespace ticketing::platform {

// Lowercase hex of `size` bytes (digests, random ids).
[[nodiscard]] std::string ToHex(const void* data, std::size_t size);

}  // namespace ticketing::platform
