#pragma once

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "domain/user.hpp"

namespace ticketing::app {

// Users' rows as read at a PostgreSQL snapshot (store/shared_snapshot.hpp), reused by a request
// whose own snapshot is the same text: equal snapshots see the same committed transactions, so
// the row is what a query would return, and any write (a logout, a role change) moves every later
// snapshot. Hashes are not kept. Bounded: when full it starts over.
class RecentUsers {
public:
    explicit RecentUsers(std::size_t capacity = 4096) : capacity_(capacity) {}

    [[nodiscard]] std::optional<domain::User> Find(const domain::UserId& id,
                                                   const std::string& snapshot) const;
    void Store(const domain::User& user, const std::string& snapshot);

private:
    struct Entry {
        domain::User user;
        std::string snapshot;
    };
    std::size_t capacity_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, Entry> entries_;
};

}  // namespace ticketing::app
