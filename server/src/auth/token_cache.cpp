#include "auth/token_cache.hpp"

namespace ticketing::auth {

std::optional<SignedClaims> TokenCache::Find(std::string_view token) const {
    const Sha256Digest key = Sha256(token);
    const std::lock_guard lock(mutex_);
    const auto it = entries_.find(key);
    if (it == entries_.end()) return std::nullopt;
    return it->second;
}

void TokenCache::Store(std::string_view token, const SignedClaims& claims) {
    const Sha256Digest key = Sha256(token);
    const std::lock_guard lock(mutex_);
    if (entries_.size() >= capacity_) entries_.clear();
    entries_.insert_or_assign(key, claims);
}

}  // namespace ticketing::auth
