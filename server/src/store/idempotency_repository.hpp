#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/connection.hpp"

namespace ticketing::store {

struct IdempotencyRecord {
    std::string principal_id;
    std::string key;
    std::string fingerprint;
    int status = 0;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    std::int64_t created_at = 0;
};

class IdempotencyRepository {
public:
    explicit IdempotencyRepository(Tx& tx) : tx_(tx) {}

    // Serialises concurrent requests with one (principal, key) until this transaction ends
    // (PostgreSQL advisory lock; SQLite's single writer already serialises them).
    void Lock(const std::string& principal_id, const std::string& key);
    [[nodiscard]] std::optional<IdempotencyRecord> Find(const std::string& principal_id,
                                                        const std::string& key);
    void Insert(const IdempotencyRecord& record);
    // Forgets keys created before `cutoff_ms`; returns how many.
    long long DeleteOlderThan(std::int64_t cutoff_ms);

private:
    Tx& tx_;
};

}  // namespace ticketing::store
