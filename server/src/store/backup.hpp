#pragma once

#include <string>

#include "store/database.hpp"

namespace ticketing::store {

// A consistent copy of a live SQLite database (VACUUM INTO: one snapshot, compacted, readers
// and the writer go on meanwhile). For PostgreSQL use pg_dump (docs/operations.md); this throws.
void BackupTo(Database& db, const std::string& output_path);

}  // namespace ticketing::store
