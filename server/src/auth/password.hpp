#pragma once

#include <string>
#include <string_view>

namespace ticketing::auth {

// argon2id at OWASP's minimum cost (m=19 MiB, t=2, p=1): ~12 ms a hash on this machine.
[[nodiscard]] std::string HashPassword(std::string_view password);

// Verifies against an argon2id hash, or a legacy bcrypt ($2a$/$2b$/$2y$) hash from an import.
// Runs in time independent of where the strings differ.
[[nodiscard]] bool VerifyPassword(std::string_view password, const std::string& hash);

// True for a legacy or weaker hash that should be replaced after a successful login.
[[nodiscard]] bool NeedsRehash(const std::string& hash);

// A real argon2id hash of a random password, for verifying against when the user is unknown, so
// unknown users and wrong passwords take the same time.
[[nodiscard]] const std::string& DummyPasswordHash();

}  // namespace ticketing::auth
