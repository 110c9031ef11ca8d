#include "auth/api_key.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <memory>
#include <stdexcept>

#include "platform/hex.hpp"
#include "platform/random.hpp"

namespace ticketing::auth {
namespace {

constexpr std::size_t kKeyBodyLength = 48;

}  // namespace

std::string GenerateApiKey() {
    return std::string(kApiKeyPrefix) + platform::RandomBase36(kKeyBodyLength);
}

Sha256Digest Sha256(std::string_view data) {
    // The algorithm is fetched once and each thread keeps its context: EVP_Digest with
    // EVP_sha256() looks the algorithm up in OpenSSL 3's provider store and allocates a context
    // on every call, which cost more than hashing a token (bench/README.md).
    static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    thread_local const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(),
                                                                                 &EVP_MD_CTX_free);
    Sha256Digest digest{};
    unsigned int size = 0;
    if (md == nullptr || !ctx || EVP_DigestInit_ex2(ctx.get(), md, nullptr) != 1 ||
        EVP_DigestUpdate(ctx.get(), data.data(), data.size()) != 1 ||
        EVP_DigestFinal_ex(ctx.get(), digest.data(), &size) != 1 || size != digest.size()) {
        throw std::runtime_error("SHA-256 failed");
    }
    return digest;
}

std::string Sha256Hex(std::string_view data) {
    const Sha256Digest digest = Sha256(data);
    return platform::ToHex(digest.data(), digest.size());
}

std::string HmacSha256Hex(std::string_view key, std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
             reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &size) ==
        nullptr) {
        throw std::runtime_error("HMAC-SHA256 failed");
    }
    return platform::ToHex(digest, size);
}

std::string HashApiKey(std::string_view key) { return Sha256Hex(key); }

bool LooksLikeApiKey(std::string_view key) {
    // Lenient on length so keys imported from the original (sk_ + 64 hex) keep working.
    if (key.size() < kApiKeyPrefix.size() + 16 || key.size() > 256) return false;
    if (key.substr(0, kApiKeyPrefix.size()) != kApiKeyPrefix) return false;
    for (const char c : key.substr(kApiKeyPrefix.size())) {
        const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace ticketing::auth
