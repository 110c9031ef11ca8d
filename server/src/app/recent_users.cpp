#include "app/recent_users.hpp"

namespace ticketing::app {

std::optional<domain::User> RecentUsers::Find(const domain::UserId& id,
                                              const std::string& snapshot) const {
    const std::lock_guard lock(mutex_);
    const auto it = entries_.find(id.value);
    if (it == entries_.end() || it->second.snapshot != snapshot) return std::nullopt;
    return it->second.user;
}

void RecentUsers::Store(const domain::User& user, const std::string& snapshot) {
    domain::User kept = user;
    kept.password_hash.reset();
    kept.api_key_hash.reset();
    const std::lock_guard lock(mutex_);
    if (entries_.size() >= capacity_ && !entries_.contains(user.id.value)) entries_.clear();
    entries_.insert_or_assign(user.id.value, Entry{std::move(kept), snapshot});
}

}  // namespace ticketing::app
