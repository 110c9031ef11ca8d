#pragma once

#include <string>
#include <vector>

#include "store/database.hpp"

namespace ticketing::store {

struct MigrationState {
    int current = 0;  // highest applied version
    int latest = 0;   // highest version this binary knows
};

// Applies the append-only migrations compiled into the binary (server/migrations/<dialect>/).
// All pending migrations run in one transaction; concurrent migrators (two instances starting
// at once) serialise on a lock, and the second finds nothing left to do.
class Migrator {
public:
    explicit Migrator(Database& db) : db_(db) {}

    // Returns the file names applied, in order (empty when already up to date).
    std::vector<std::string> Apply();

    [[nodiscard]] MigrationState State();

private:
    Database& db_;
};

}  // namespace ticketing::store
