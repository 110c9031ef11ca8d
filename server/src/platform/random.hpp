#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace ticketing::platform {

// Cryptographically secure randomness (libsodium's randombytes).
void RandomBytes(void* out, std::size_t size);
[[nodiscard]] std::uint64_t RandomU64();
[[nodiscard]] std::uint32_t RandomUniform(std::uint32_t upper_bound);
[[nodiscard]] std::string RandomHex(std::size_t bytes);
// The same, drawn from this thread's buffer of random bytes, refilled 4 KiB at a time: for
// identifiers that must not repeat or be guessed but guard nothing (request ids), where a system
// call each would cost every request one.
[[nodiscard]] std::string BufferedRandomHex(std::size_t bytes);
// Unreserved-URL-safe alphabet [0-9a-z] of the given length.
[[nodiscard]] std::string RandomBase36(std::size_t length);

// A new opaque entity id: 25 lowercase alphanumerics, starting with 'c' and time-ordered (like
// the original's cuid()), so new rows land at the end of the id index.
[[nodiscard]] std::string NewId(std::int64_t now_ms);

}  // namespace ticketing::platform
