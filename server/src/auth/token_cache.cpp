#include "auth/token_cache.hpp"

#include "auth/api_key.hpp"

namespace ticketing::auth {

std::string TokenCache::KeyOf(std::string_view token) { return Sha256Hex(token); }

std::optional<SignedClaims> TokenCache::Find(std::string_view token) const {
    const std::string key = KeyOf(token);
    const std::lock_guard lock(mutex_);
    const auto it = entries_.find(key);
    if (it == entries_.end()) return std::nullopt;
    return it->second;
}

void TokenCache::Store(std::string_view token, const SignedClaims& claims) {
    std::string key = KeyOf(token);
    const std::lock_guard lock(mutex_);
    if (entries_.size() >= capacity_) entries_.clear();
    entries_.insert_or_assign(std::move(key), claims);
}

}  // namespace ticketing::auth
