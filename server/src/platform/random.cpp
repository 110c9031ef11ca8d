#include "platform/random.hpp"

#include <sodium.h>

#include <algorithm>
#include <atomic>
#include <stdexcept>

#include "platform/hex.hpp"

namespace ticketing::platform {
namespace {

constexpr char kBase36[] = "0123456789abcdefghijklmnopqrstuvwxyz";

void EnsureSodium() {
    static const bool ready = sodium_init() >= 0;
    if (!ready) throw std::runtime_error("libsodium failed to initialise");
}

void AppendBase36(std::string& out, std::uint64_t value, std::size_t width) {
    std::string digits(width, '0');
    for (std::size_t i = width; i > 0; --i) {
        digits[i - 1] = kBase36[value % 36];
        value /= 36;
    }
    out += digits;
}

}  // namespace

void RandomBytes(void* out, std::size_t size) {
    EnsureSodium();
    randombytes_buf(out, size);
}

std::uint64_t RandomU64() {
    std::uint64_t v = 0;
    RandomBytes(&v, sizeof v);
    return v;
}

std::uint32_t RandomUniform(std::uint32_t upper_bound) {
    EnsureSodium();
    return randombytes_uniform(upper_bound);
}

std::string RandomHex(std::size_t bytes) {
    std::string raw(bytes, '\0');
    RandomBytes(raw.data(), raw.size());
    return ToHex(raw.data(), raw.size());
}

std::string BufferedRandomHex(std::size_t bytes) {
    constexpr std::size_t kBuffer = 4096;
    thread_local unsigned char buffer[kBuffer];
    thread_local std::size_t used = kBuffer;
    if (bytes > kBuffer) return RandomHex(bytes);
    if (kBuffer - used < bytes) {
        RandomBytes(buffer, kBuffer);
        used = 0;
    }
    std::string out = ToHex(buffer + used, bytes);
    used += bytes;
    return out;
}

std::string RandomBase36(std::size_t length) {
    // One system call per batch of bytes, not one per character (randombytes_uniform is a
    // getrandom(2) each): ids are drawn several times per write. Bytes of 252 and above are
    // dropped so that every character stays uniform (252 = 7 × 36).
    std::string out;
    out.reserve(length);
    unsigned char batch[64];
    while (out.size() < length) {
        const std::size_t want = std::min(sizeof batch, (length - out.size()) * 5 / 4 + 4);
        RandomBytes(batch, want);
        for (std::size_t i = 0; i < want && out.size() < length; ++i) {
            if (batch[i] < 252) out += kBase36[batch[i] % 36];
        }
    }
    return out;
}

std::string NewId(std::int64_t now_ms) {
    static std::atomic<std::uint32_t> counter{0};
    std::string id = "c";
    AppendBase36(id, static_cast<std::uint64_t>(now_ms), 9);
    AppendBase36(id, counter.fetch_add(1) % (36u * 36u * 36u), 3);
    id += RandomBase36(12);
    return id;
}

}  // namespace ticketing::platform
