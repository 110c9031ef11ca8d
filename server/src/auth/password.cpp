#include "auth/password.hpp"

#include <crypt.h>
#include <sodium.h>

#include <cstring>
#include <memory>
#include <stdexcept>

#include "platform/random.hpp"

namespace ticketing::auth {
namespace {

constexpr unsigned long long kOpsLimit = 2;
constexpr std::size_t kMemLimit = 19456u * 1024u;

void EnsureSodium() {
    static const bool ready = sodium_init() >= 0;
    if (!ready) throw std::runtime_error("libsodium failed to initialise");
}

bool IsBcrypt(const std::string& hash) {
    return hash.rfind("$2a$", 0) == 0 || hash.rfind("$2b$", 0) == 0 || hash.rfind("$2y$", 0) == 0;
}

bool VerifyBcrypt(std::string_view password, const std::string& hash) {
    const std::string pw(password);
    auto data = std::make_unique<crypt_data>();
    std::memset(data.get(), 0, sizeof(crypt_data));
    const char* out = crypt_r(pw.c_str(), hash.c_str(), data.get());
    if (out == nullptr || std::strlen(out) != hash.size()) return false;
    return sodium_memcmp(out, hash.data(), hash.size()) == 0;
}

}  // namespace

std::string HashPassword(std::string_view password) {
    EnsureSodium();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), kOpsLimit, kMemLimit,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        throw std::runtime_error("argon2id hashing failed (out of memory)");
    }
    return out;
}

bool VerifyPassword(std::string_view password, const std::string& hash) {
    EnsureSodium();
    if (IsBcrypt(hash)) return VerifyBcrypt(password, hash);
    if (hash.rfind("$argon2id$", 0) != 0) return false;
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

bool NeedsRehash(const std::string& hash) {
    EnsureSodium();
    if (IsBcrypt(hash)) return true;
    return crypto_pwhash_str_needs_rehash(hash.c_str(), kOpsLimit, kMemLimit) != 0;
}

const std::string& DummyPasswordHash() {
    static const std::string hash = HashPassword(platform::RandomHex(16));
    return hash;
}

}  // namespace ticketing::auth
